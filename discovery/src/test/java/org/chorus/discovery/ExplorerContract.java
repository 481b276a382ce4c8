package org.chorus.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.core.MutableClock;
import org.chorus.core.db.Database;
import org.chorus.discovery.Explorers.Measure;
import org.chorus.discovery.Explorers.Organization;
import org.chorus.discovery.Explorers.TaskShare;
import org.chorus.discovery.Explorers.ValueCount;
import org.chorus.hub.accounts.Principal;
import org.chorus.hub.repos.CommitOp;
import org.chorus.hub.repos.CommitRequest;
import org.chorus.hub.repos.RepoId;
import org.chorus.hub.repos.RepoType;
import org.chorus.hub.repos.Repos;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ModelVerse and DataVerse over the live index: each caller's numbers count exactly the repositories it may read
 * (lab's private model and dataset only for its member and the admin), follow a visibility change at once, and
 * refuse bad input with INVALID.
 */
abstract class ExplorerContract {
    @TempDir
    Path dir;
    final MutableClock clock = new MutableClock(Instant.parse("2026-03-10T12:00:00Z"));
    Database db;
    Repos repos;
    Principal admin;
    Principal alice;
    Principal bob;
    Discovery node;
    Explorers explorers;

    abstract Database newDatabase(Path dir);

    @BeforeEach
    void setUp() {
        db = newDatabase(dir);
        HubWorld world = new HubWorld(db, dir, clock);
        admin = world.admin;
        repos = world.repos;
        alice = world.user("alice");
        bob = world.user("bob");
        world.lab();
        repo(alice, RepoType.MODEL, "alice", "bert", false, "pipeline_tag: fill-mask\ndatasets: [alice/wiki]");
        repo(alice, RepoType.MODEL, "alice", "gpt", false, "pipeline_tag: text-generation\ndatasets: [alice/wiki, bob/corpus]");
        repo(alice, RepoType.MODEL, "lab", "vit", false, "pipeline_tag: image-classification\ndatasets: [bob/corpus]");
        repo(alice, RepoType.MODEL, "lab", "untagged", false, "license: mit");
        repo(alice, RepoType.MODEL, "lab", "secret", true, "pipeline_tag: text-generation\ndatasets: [lab/hidden-data]");
        repo(bob, RepoType.MODEL, "bob", "tiny", false, "pipeline_tag: text-generation");
        repo(alice, RepoType.DATASET, "alice", "wiki", false,
                "license: mit\ntask_categories: [text-generation]\nsize_categories: [10K<n<100K]\ntags: [modality:text]");
        repo(bob, RepoType.DATASET, "bob", "corpus", false,
                "license: apache-2.0\ntask_categories: [text-classification, text-generation]\nsize_categories: 1K<n<10K");
        repo(alice, RepoType.DATASET, "lab", "hidden-data", true, "license: mit\ntask_categories: [image-classification]");
        downloads(Map.of("alice/gpt", 500L, "lab/vit", 40L, "lab/secret", 10_000L, "bob/tiny", 7L, "bob/corpus", 3L));
        node = Discovery.open(db, repos, dir.resolve("index"), clock);
        explorers = new Explorers(EcosystemChoice.of(node));
    }

    @AfterEach
    void tearDown() {
        if (node != null) {
            node.close();
        }
        if (db != null) {
            db.close();
        }
    }

    private void repo(Principal actor, RepoType type, String owner, String name, boolean isPrivate, String yaml) {
        RepoId id = RepoId.of(type, owner, name);
        repos.create(actor, id, isPrivate);
        repos.commit(actor, id, new CommitRequest("main", "card", null, null,
                List.of(new CommitOp.AddFile("README.md", ("---\n" + yaml + "\n---\n# " + name + "\n").getBytes(StandardCharsets.UTF_8)))));
        clock.advance(Duration.ofMinutes(1));
    }

    /**
     * Download counts written straight in SQL, before the index is built (so its rebuild reads them), as counted today
     * (or the node's daily decay would zero them at its first counts batch: there are no download events).
     */
    private void downloads(Map<String, Long> counts) {
        counts.forEach((name, n) -> db.useTransaction(h -> h.createUpdate("UPDATE hub_repos SET downloads = :n, downloads_30d = :n, trending_day = :today WHERE full_name = :f")
                .bind("n", n).bind("today", Math.floorDiv(clock.millis(), 86_400_000L)).bind("f", name).execute()));
    }

    private List<Organization> ranking(Optional<Principal> caller, Measure by) {
        return explorers.organizations(caller, null, by, 0, 100).items();
    }

    @Test
    void ownersAreRankedOverWhatEachCallerMayRead() {
        List<Organization> anonymous = ranking(Optional.empty(), Measure.MODELS);
        assertThat(anonymous).containsExactly(new Organization("alice", 2, 1, 500, 0), new Organization("lab", 2, 0, 40, 0),
                new Organization("bob", 1, 1, 10, 0));
        assertThat(ranking(Optional.of(bob), Measure.MODELS)).isEqualTo(anonymous);
        List<Organization> member = ranking(Optional.of(alice), Measure.MODELS);
        assertThat(member).containsExactly(new Organization("lab", 3, 1, 10_040, 0), new Organization("alice", 2, 1, 500, 0),
                new Organization("bob", 1, 1, 10, 0));
        assertThat(ranking(Optional.of(admin), Measure.MODELS)).isEqualTo(member);

        assertThat(ranking(Optional.empty(), Measure.DOWNLOADS)).extracting(Organization::name).containsExactly("alice", "lab", "bob");
        assertThat(ranking(Optional.of(alice), Measure.DOWNLOADS)).extracting(Organization::name).containsExactly("lab", "alice", "bob");
        assertThat(ranking(Optional.empty(), Measure.DATASETS)).extracting(Organization::name).containsExactly("alice", "bob", "lab");

        var page = explorers.organizations(Optional.empty(), "hub", Measure.MODELS, 1, 1);
        assertThat(page.items()).extracting(Organization::name).containsExactly("lab");
        assertThat(page.total()).isEqualTo(3);
        assertThat(page.hasMore()).isTrue();
        assertThat(explorers.organizations(Optional.empty(), "hub", Measure.MODELS, 2, 1).hasMore()).isFalse();
    }

    @Test
    void anOrganisationsModelsByTaskCountOnlyReadableOnes() {
        var lab = explorers.organization(Optional.empty(), null, "LAB", Measure.MODELS);
        assertThat(lab.totals()).isEqualTo(new Organization("lab", 2, 0, 40, 0));
        assertThat(lab.tasks()).containsExactly(new TaskShare(Explorers.NO_TASK, 1, 0, 0), new TaskShare("image-classification", 1, 40, 0));
        assertThat(explorers.organization(Optional.of(alice), null, "lab", Measure.DOWNLOADS).tasks())
                .containsExactly(new TaskShare("text-generation", 1, 10_000, 0), new TaskShare("image-classification", 1, 40, 0),
                        new TaskShare(Explorers.NO_TASK, 1, 0, 0));

        var treemap = explorers.treemap(Optional.empty(), null, Measure.MODELS, 2);
        assertThat(treemap).extracting(p -> p.totals().name()).containsExactly("alice", "lab");
        assertThat(treemap.getFirst().tasks()).extracting(TaskShare::task).containsExactly("fill-mask", "text-generation");

        assertThatThrownBy(() -> explorers.organization(Optional.empty(), null, "nobody", Measure.MODELS))
                .isInstanceOfSatisfying(ChorusException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void datasetsByColumnAndTheDatasetsModelsWereTrainedOn() {
        var anonymous = explorers.datasets(Optional.empty(), null, 10);
        assertThat(anonymous.total()).isEqualTo(2);
        assertThat(anonymous.columns()).containsExactly(
                Map.entry("task_categories", List.of(new ValueCount("text-generation", 2), new ValueCount("text-classification", 1))),
                Map.entry("modality", List.of(new ValueCount("text", 1))),
                Map.entry("size_categories", List.of(new ValueCount("10K<n<100K", 1), new ValueCount("1K<n<10K", 1))),
                Map.entry("license", List.of(new ValueCount("apache-2.0", 1), new ValueCount("mit", 1))));
        var member = explorers.datasets(Optional.of(alice), null, 10);
        assertThat(member.total()).isEqualTo(3);
        assertThat(member.columns().get("license")).containsExactly(new ValueCount("mit", 2), new ValueCount("apache-2.0", 1));

        assertThat(explorers.trainedOn(Optional.empty(), null, 0, 10).items())
                .containsExactly(new ValueCount("alice/wiki", 2), new ValueCount("bob/corpus", 2));
        assertThat(explorers.trainedOn(Optional.of(alice), null, 0, 10).items())
                .containsExactly(new ValueCount("alice/wiki", 2), new ValueCount("bob/corpus", 2), new ValueCount("lab/hidden-data", 1));
        var second = explorers.trainedOn(Optional.empty(), null, 1, 1);
        assertThat(second.items()).containsExactly(new ValueCount("bob/corpus", 2));
        assertThat(second.total()).isEqualTo(2);
        assertThat(second.hasMore()).isFalse();
    }

    @Test
    void aVisibilityChangeShowsAtOnce() {
        repos.setPrivate(admin, RepoId.of(RepoType.MODEL, "lab", "secret"), false);
        assertThat(ranking(Optional.empty(), Measure.MODELS).getFirst()).isEqualTo(new Organization("lab", 3, 0, 10_040, 0));
        assertThat(explorers.trainedOn(Optional.empty(), null, 0, 10).items()).contains(new ValueCount("lab/hidden-data", 1));
    }

    @Test
    void badInputIsRefused() {
        for (Runnable bad : List.<Runnable>of(
                () -> Measure.parse("stars"),
                () -> explorers.organizations(Optional.empty(), "Other Hub", Measure.MODELS, 0, 10),
                () -> explorers.organizations(Optional.empty(), null, Measure.MODELS, 0, 0),
                () -> explorers.organizations(Optional.empty(), null, Measure.MODELS, 0, 101),
                () -> explorers.organizations(Optional.empty(), null, Measure.MODELS, -1, 10),
                () -> explorers.organizations(Optional.empty(), null, Measure.MODELS, 10_001, 10),
                () -> explorers.organization(Optional.empty(), null, "../etc", Measure.MODELS),
                () -> explorers.treemap(Optional.empty(), null, Measure.MODELS, 0),
                () -> explorers.treemap(Optional.empty(), null, Measure.MODELS, 51),
                () -> explorers.treemap(Optional.empty(), null, Measure.DATASETS, 10),
                () -> explorers.datasets(Optional.empty(), null, 0),
                () -> explorers.trainedOn(Optional.empty(), null, 0, 1000))) {
            assertThatThrownBy(bad::run).isInstanceOfSatisfying(ChorusException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
        }
        assertThatThrownBy(() -> explorers.organizations(Optional.empty(), "other", Measure.MODELS, 0, 10)).as("an unknown ecosystem is missing")
                .isInstanceOfSatisfying(ChorusException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }
}
