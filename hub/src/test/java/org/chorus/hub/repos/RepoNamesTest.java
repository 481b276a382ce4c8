package org.chorus.hub.repos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.chorus.core.ChorusException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The shared name rules on their own: what every creating route refuses, and what lookups and deletes still accept. */
class RepoNamesTest {
    @ParameterizedTest
    @ValueSource(strings = {".git\u200c/config", ".git\ufeff/config", ".git::$INDEX_ALLOCATION/config", ".git /config", ".git./x",
            "GIT~1/x", "con", "lpt1.txt", "a:b", "a|b", "trailing.", "a\u202eb", "cafe\u0301"})
    void newPathsMustBeSafeToCheckOutAnywhere(String path) {
        assertThatThrownBy(() -> RepoPaths.requireNew(path)).isInstanceOf(ChorusException.class).hasMessageContaining("file path");
        assertThatThrownBy(() -> new CommitOp.AddFile(path, new byte[0])).isInstanceOf(ChorusException.class);
        assertThatThrownBy(() -> new CommitOp.AddLfsFile(path, "a".repeat(64), 1)).isInstanceOf(ChorusException.class);
        assertThatThrownBy(() -> FileCommits.File.of(path, new byte[0])).isInstanceOf(ChorusException.class);
    }

    @Test
    void componentsAreAtMost255Bytes() {
        assertThat(RepoPaths.requireNew("x/" + "y".repeat(255))).isNotEmpty();
        assertThatThrownBy(() -> RepoPaths.requireNew("x/" + "y".repeat(256))).hasMessageContaining("256 bytes");
    }

    @Test
    void aFileNamedBeforeTheRulesCanStillBeReadAndDeleted() {
        assertThat(RepoPaths.require(".git\u200c/config")).isEqualTo(".git\u200c/config");
        assertThat(new CommitOp.DeleteFile("a\u202eb").path()).isEqualTo("a\u202eb");
        assertThat(RefNames.existingBranch("-x")).isEqualTo("-x");
    }

    @Test
    void theMessageShowsInvisibleCharactersEscapedAndNamesTheRule() {
        assertThatThrownBy(() -> RepoPaths.requireNew(".git /config")).hasMessage("file path '.git /config' is refused by git's"
                + " path rules, which Chorus applies as on Windows and macOS: invalid name '.git '");
        assertThatThrownBy(() -> RepoPaths.requireNew("a\u202eb")).hasMessageContaining("'a\\u202Eb'").hasMessageContaining("U+202E");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-x", "@", "HEAD", "head", "ORIG_HEAD", "refs/tags/v1", "tags/v1", "heads/x", "con", "a\u202eb",
            "0123456789abcdef0123456789abcdef01234567", "a..b", "x.lock", "a b"})
    void branchNamesGitWouldMisreadAreRefused(String name) {
        assertThatThrownBy(() -> RefNames.branch(name)).isInstanceOf(ChorusException.class).hasMessageContaining("branch name");
        assertThat(RefNames.pushProblem("refs/heads/" + name)).isPresent();
    }

    @Test
    void ordinaryNamesPass() {
        assertThat(RepoPaths.requireNew("models/caf\u00e9/weights-00001-of-00002.safetensors")).isNotEmpty();
        assertThat(RefNames.branch("refs/heads/feature/x")).isEqualTo("feature/x");
        assertThat(RefNames.tag("v1.0")).isEqualTo("v1.0");
        assertThat(RefNames.twin("refs/heads/v1")).hasValue("refs/tags/v1");
        assertThat(RefNames.pushProblem("refs/heads/dev")).isEmpty();
    }
}
