package org.chorus.hub.repos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chorus.hub.repos.HubTestBed.assertCode;
import static org.chorus.hub.repos.HubTestBed.file;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.chorus.core.ErrorCode;
import org.chorus.core.db.Database;
import org.chorus.hub.accounts.Principal;
import org.chorus.hub.accounts.Role;
import org.chorus.hub.repos.CommitViews.Change;
import org.chorus.hub.repos.CommitViews.FileChange;
import org.chorus.hub.repos.CommitViews.Kind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commit page's diff: changed files, numbered unified hunks, large and binary files summarised, bounded output. */
abstract class CommitViewsContract {
    @TempDir
    Path dir;
    HubTestBed bed;
    CommitViews views;
    Principal alice;
    Repo repo;

    abstract Database newDatabase(Path dir);

    @BeforeEach
    void setUp() {
        bed = new HubTestBed(newDatabase(dir), dir);
        views = CommitViews.create(bed.repos);
        alice = bed.user("alice", Role.WRITE);
        repo = bed.model(alice, "m", true);
    }

    @AfterEach
    void tearDown() {
        if (bed != null) {
            bed.close();
        }
    }

    private String commit(CommitOp... ops) {
        return bed.commit(alice, repo, ops);
    }

    private CommitOp.AddLfsFile large(String path, byte[] bytes) throws Exception {
        String oid = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        bed.largeFiles.put(oid, bytes.length, new ByteArrayInputStream(bytes));
        bed.repos.recordLargeFile(repo, oid, bytes.length);
        return new CommitOp.AddLfsFile(path, oid, bytes.length);
    }

    private FileChange only(String sha, String path) {
        return views.diff(Optional.of(alice), repo.repoId(), sha).files().stream()
                .filter(f -> path.equals(f.newPath()) || path.equals(f.oldPath())).findFirst().orElseThrow();
    }

    @Test
    void textChangesComeAsNumberedHunks() {
        String lines = String.join("\n", List.of("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15")) + "\n";
        commit(file("a.txt", lines));
        String sha = commit(file("a.txt", lines.replace("\n2\n", "\ntwo\n").replace("\n14\n", "\n")));

        var diff = views.diff(Optional.of(alice), repo.repoId(), sha);
        FileChange a = diff.files().getFirst();

        assertThat(diff.commit().id()).isEqualTo(sha);
        assertThat(diff.parents()).hasSize(1);
        assertThat(a.change()).isEqualTo(Change.MODIFY);
        assertThat(a.kind()).isEqualTo(Kind.TEXT);
        assertThat(a.additions()).isEqualTo(1);
        assertThat(a.deletions()).isEqualTo(2);
        assertThat(a.hunks()).hasSize(2);
        var first = a.hunks().getFirst();
        assertThat(first.oldStart()).isEqualTo(1);
        assertThat(first.lines()).extracting(CommitViews.Line::type).containsExactly(' ', '-', '+', ' ', ' ', ' ');
        assertThat(first.lines().get(1)).isEqualTo(new CommitViews.Line('-', 2, 0, "2"));
        assertThat(first.lines().get(2)).isEqualTo(new CommitViews.Line('+', 0, 2, "two"));
        assertThat(a.hunks().get(1).lines()).contains(new CommitViews.Line('-', 14, 0, "14"));
        assertThat(a.hunks().get(1).lines()).contains(new CommitViews.Line(' ', 15, 14, "15"));
    }

    @Test
    void largeAndBinaryFilesAreSummarisedBySizeAndSha256() throws Exception {
        byte[] v1 = "weights v1".repeat(100).getBytes(StandardCharsets.UTF_8);
        byte[] v2 = "weights v2!".repeat(100).getBytes(StandardCharsets.UTF_8);
        commit(large("model.bin", v1), new CommitOp.AddFile("img.png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 1}));
        String sha = commit(large("model.bin", v2), new CommitOp.AddFile("img.png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 2, 3}));

        FileChange model = only(sha, "model.bin");
        FileChange img = only(sha, "img.png");

        assertThat(model.kind()).isEqualTo(Kind.LARGE);
        assertThat(model.oldSize()).isEqualTo(v1.length);
        assertThat(model.newSize()).isEqualTo(v2.length);
        assertThat(model.oldSha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(v1)));
        assertThat(model.newSha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(v2)));
        assertThat(model.hunks()).isEmpty();
        assertThat(img.kind()).isEqualTo(Kind.BINARY);
        assertThat(img.oldSize()).isEqualTo(7);
        assertThat(img.newSize()).isEqualTo(8);
        assertThat(img.newSha256()).hasSize(64);
    }

    @Test
    void addsDeletesAndRenamesAreNamedAndHugeDiffsAreBounded() {
        StringBuilder big = new StringBuilder();
        for (int i = 0; i < CommitViews.MAX_FILE_LINES + 10; i++) {
            big.append("line ").append(i).append('\n');
        }
        commit(file("old-name.txt", "same content\nfor a rename\nof three lines\n"), file("gone.txt", "bye\n"));
        String sha = commit(new CommitOp.DeleteFile("old-name.txt"), file("new-name.txt", "same content\nfor a rename\nof three lines\n"),
                new CommitOp.DeleteFile("gone.txt"), file("big.txt", big.toString()));

        FileChange renamed = only(sha, "new-name.txt");
        FileChange gone = only(sha, "gone.txt");
        FileChange bigFile = only(sha, "big.txt");

        assertThat(renamed.change()).isEqualTo(Change.RENAME);
        assertThat(renamed.oldPath()).isEqualTo("old-name.txt");
        assertThat(gone.change()).isEqualTo(Change.DELETE);
        assertThat(gone.newPath()).isNull();
        assertThat(gone.hunks().getFirst().lines()).containsExactly(new CommitViews.Line('-', 1, 0, "bye"));
        assertThat(bigFile.change()).isEqualTo(Change.ADD);
        assertThat(bigFile.truncated()).isTrue();
        assertThat(bigFile.hunks()).isEmpty();
        assertThat(bigFile.additions()).isEqualTo(CommitViews.MAX_FILE_LINES + 10);
    }

    @Test
    void theFirstCommitDiffsAgainstNothingAndUnknownRevisionsAreNotFound() {
        var first = views.diff(Optional.of(alice), repo.repoId(), bed.repos.commits(repo, "main", 0, 10).items().getLast().id());

        assertThat(first.parents()).isEmpty();
        assertThat(first.files()).extracting(FileChange::newPath).containsExactly(".gitattributes");
        assertCode(ErrorCode.REVISION_NOT_FOUND, () -> views.diff(Optional.of(alice), repo.repoId(), "0".repeat(40)));
        assertCode(ErrorCode.REPO_NOT_FOUND, () -> views.diff(Optional.empty(), repo.repoId(), "main"));
    }
}
