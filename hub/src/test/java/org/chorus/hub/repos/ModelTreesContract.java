package org.chorus.hub.repos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chorus.hub.repos.HubTestBed.assertCode;
import static org.chorus.hub.repos.HubTestBed.file;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.chorus.core.ErrorCode;
import org.chorus.core.db.Database;
import org.chorus.hub.accounts.Principal;
import org.chorus.hub.accounts.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model tree panel: ancestors to the root, children by relation, hiding what the caller cannot see. */
abstract class ModelTreesContract {
    @TempDir
    Path dir;
    HubTestBed bed;
    ModelTrees trees;
    Principal alice;
    Principal bob;

    abstract Database newDatabase(Path dir);

    @BeforeEach
    void setUp() {
        bed = new HubTestBed(newDatabase(dir), dir);
        trees = ModelTrees.create(bed.db);
        alice = bed.user("alice", Role.WRITE);
        bob = bed.user("bob", Role.WRITE);
    }

    @AfterEach
    void tearDown() {
        if (bed != null) {
            bed.close();
        }
    }

    private Repo model(String name, boolean isPrivate, String yaml, CommitOp... more) {
        Repo repo = bed.model(alice, name, isPrivate);
        if (yaml != null) {
            bed.commit(alice, repo, file("README.md", "---\n" + yaml + "\n---\n"));
        }
        if (more.length > 0) {
            bed.commit(alice, repo, more);
        }
        return repo;
    }

    @Test
    void ancestorsReachTheRootAndChildrenAreCountedByRelation() {
        model("root", false, null);
        model("mid", false, "base_model: alice/root");
        Repo top = model("top", false, "base_model: alice/mid");
        model("lora", false, "base_model: alice/top", file("adapter_config.json", "{}"));
        model("q4", false, "base_model: alice/top\nbase_model_relation: quantized");
        model("tuned", false, "base_model: alice/top");
        model("hidden", true, "base_model: alice/top");
        model("merged", false, "base_model: [alice/top, alice/root]");

        var asBob = trees.tree(Optional.of(bob), top.repoId());
        var asAlice = trees.tree(Optional.of(alice), top.repoId());
        var leaf = trees.tree(Optional.empty(), RepoId.of(RepoType.MODEL, "alice", "tuned"));

        assertThat(asBob.ancestors()).extracting(FamilyTree.Edge::base, FamilyTree.Edge::depth)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("alice/mid", 1), org.assertj.core.groups.Tuple.tuple("alice/root", 2));
        assertThat(asBob.children().get("adapter").count()).isEqualTo(1);
        assertThat(asBob.children().get("quantized").count()).isEqualTo(1);
        assertThat(asBob.children().get("finetune").count()).isEqualTo(1);
        assertThat(asAlice.children().get("finetune").count()).isEqualTo(2);
        assertThat(asBob.children().get("merge").count()).isEqualTo(1);
        assertThat(asBob.children().get("merge").filter()).isEqualTo("base_model:merge:alice/top");
        assertThat(leaf.ancestors()).extracting(FamilyTree.Edge::base).containsExactly("alice/top", "alice/mid", "alice/root");
        assertThat(leaf.children().values()).allMatch(c -> c.count() == 0);
    }

    @Test
    void theChildrenFilterListsTheChildrenCounted() {
        Repo base = model("base", false, null);
        model("a", false, "base_model: alice/base");
        model("b", false, "base_model: alice/base");

        var children = trees.tree(Optional.empty(), base.repoId()).children().get("finetune");
        var listed = bed.repos.list(Optional.empty(), new RepoQuery(RepoType.MODEL, null, null, List.of(children.filter()), null, false, 0, 100));

        assertThat(listed.items()).extracting(r -> r.repoId().name()).containsExactlyInAnyOrder("a", "b");
        assertThat(children.count()).isEqualTo(2);
    }

    @Test
    void cyclesAndHiddenOrForeignAncestorsEndTheWalk() {
        model("x", false, "base_model: alice/y");
        model("y", false, "base_model: alice/x");
        model("secret", true, "base_model: meta/llama");
        Repo child = model("child", false, "base_model: alice/secret");

        var cycle = trees.tree(Optional.empty(), RepoId.of(RepoType.MODEL, "alice", "x"));
        var asBob = trees.tree(Optional.of(bob), child.repoId());
        var asAlice = trees.tree(Optional.of(alice), child.repoId());

        assertThat(cycle.ancestors()).extracting(FamilyTree.Edge::base).containsExactly("alice/y", "alice/x");
        assertThat(asBob.ancestors()).extracting(FamilyTree.Edge::base).containsExactly("alice/secret");
        assertThat(asAlice.ancestors()).extracting(FamilyTree.Edge::base).containsExactly("alice/secret", "meta/llama");
        assertCode(ErrorCode.REPO_NOT_FOUND, () -> trees.tree(Optional.of(bob), RepoId.of(RepoType.MODEL, "alice", "secret")));
    }
}
