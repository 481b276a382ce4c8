package org.chorus.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.chorus.core.db.Database;
import org.chorus.hub.repos.Repo;
import org.chorus.hub.repos.RepoType;
import org.chorus.jobs.Blame;
import org.chorus.jobs.Job;
import org.chorus.jobs.JobState;
import org.chorus.jobs.Jobs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Push-time preparation over real DuckDB and SQL: the change log names a dataset commit, one job is enqueued however
 * often it is named, a worker computes every split's results into the per-commit cache before anyone asks, and data
 * that cannot be read fails its job on the input, once. Repositories are rows written here; files come from a directory.
 */
abstract class ViewerPreparationContract {
    static final String SHA = HubRows.SHA;
    @TempDir
    Path dir;
    Database db;
    Jobs jobs;
    DatasetViewer viewer;
    final Map<String, Repo> repos = new HashMap<>();
    String ownerId;

    abstract Database open(Path dir);

    @BeforeEach
    void setUp() throws Exception {
        db = open(dir);
        jobs = Jobs.create(db, Clock.systemUTC());
        ownerId = HubRows.owner(db);
        Path files = Files.createDirectories(dir.resolve("repo"));
        Files.writeString(files.resolve("train.csv"), "id,score,label\n1,0.5,pos\n2,1.5,neg\n3,,pos\n");
        Files.writeString(files.resolve("test.jsonl"), "{\"id\":4,\"score\":2.5,\"label\":\"neg\"}\n");
        viewer = DatasetViewer.open(db, new DirectoryFiles(files), ViewerLimits.defaults(dir.resolve("local")), Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        // null when setUp stopped early: without CHORUS_TEST_POSTGRES_URL the PostgreSQL run is skipped in open()
        if (viewer != null) {
            viewer.close();
        }
        if (db != null) {
            db.close();
        }
    }

    ViewerPreparation preparation(DatasetViewer v) {
        return new ViewerPreparation(db, jobs, v, id -> Optional.ofNullable(repos.get(id)), "node-a");
    }

    /** A repository row as the hub writes it, and the change-log entry its commit writes. */
    Repo repo(String id, RepoType type, String name) {
        Repo r = HubRows.insert(db, ownerId, id, type, "lab", name);
        repos.put(id, r);
        changed(id);
        return r;
    }

    void changed(String repoId) {
        db.useTransaction(h -> h.createUpdate("INSERT INTO hub_changes (repo_id, changed_at) VALUES (:r, 0)").bind("r", repoId).execute());
    }

    long cachedResults(String repoId) {
        return db.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM viewer_results WHERE repo_id = :r AND commit_sha = :c")
                .bind("r", repoId).bind("c", SHA).mapTo(Long.class).one());
    }

    @Test
    void aPushedCommitIsPreparedOnceBeforeAnyoneAsksAndChangesBeforeTheNodeStartedAreLeft() {
        repo("rOld", RepoType.DATASET, "old"); // pushed before this node started following
        ViewerPreparation p = preparation(viewer);
        Repo reviews = repo("rReviews", RepoType.DATASET, "reviews");
        repo("rModel", RepoType.MODEL, "model");
        changed("rReviews"); // e.g. a like: the same commit again

        int named = p.follow();
        int namedAgain = p.follow(); // re-reads the overlap: still one job
        long cachedBefore = cachedResults("rReviews");
        int prepared = p.work();
        List<Job> queue = jobs.list(ViewerPreparation.QUEUE, 10);

        assertThat(named).isEqualTo(1);
        assertThat(namedAgain).isEqualTo(1);
        assertThat(queue).singleElement().satisfies(j -> {
            assertThat(j.key()).isEqualTo("rReviews@" + SHA);
            assertThat(j.state()).isEqualTo(JobState.SUCCEEDED);
            assertThat(j.result()).isEqualTo("{\"splits\":2}");
        });
        assertThat(prepared).isEqualTo(1);
        assertThat(cachedBefore).isZero();
        assertThat(cachedResults("rReviews")).as("schema, first rows and statistics of 2 splits").isEqualTo(6);
        assertThat(cachedResults("rOld")).isZero();
        assertThat(viewer.statistics(reviews, "default", "train").numExamples()).isEqualTo(3);
        assertThat(p.work()).as("nothing left").isZero();
    }

    @Test
    void aDeletedDatasetsResultsGoWithItAndOneDeletedWhileComputingIsAnsweredButNotKept() {
        ViewerPreparation p = preparation(viewer);
        Repo gone = repo("rGone", RepoType.DATASET, "gone");
        p.follow();
        p.work();
        assertThat(cachedResults("rGone")).isEqualTo(6);

        db.useTransaction(h -> h.createUpdate("DELETE FROM hub_repos WHERE id = :id").bind("id", "rGone").execute());

        assertThat(cachedResults("rGone")).as("first rows and statistics of a deleted dataset").isZero();
        // a page asked for just before the deletion still gets its answer; nothing is cached for a repository that is gone
        assertThat(viewer.statistics(gone, "default", "train").numExamples()).isEqualTo(3);
        assertThat(cachedResults("rGone")).isZero();
    }

    @Test
    void dataThatCannotBeReadFailsItsJobOnTheInputAndIsNotRetried() throws Exception {
        Path bad = Files.createDirectories(dir.resolve("bad"));
        Files.write(bad.resolve("train.parquet"), "not parquet at all".getBytes());
        try (DatasetViewer badViewer = DatasetViewer.open(db, new DirectoryFiles(bad), ViewerLimits.defaults(dir.resolve("local-bad")), Clock.systemUTC())) {
            ViewerPreparation p = preparation(badViewer);
            repo("rBad", RepoType.DATASET, "bad");

            p.follow();
            int prepared = p.work();
            int again = p.work();

            assertThat(prepared).isZero();
            assertThat(again).isZero();
            assertThat(jobs.list(ViewerPreparation.QUEUE, 10)).singleElement().satisfies(j -> {
                assertThat(j.state()).isEqualTo(JobState.FAILED);
                assertThat(j.blame()).isEqualTo(Blame.INPUT);
                assertThat(j.error()).startsWith("cannot read lab/bad default/train");
                assertThat(j.attempts()).isEqualTo(1);
            });
        }
    }
}
