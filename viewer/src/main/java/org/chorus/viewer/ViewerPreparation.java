package org.chorus.viewer;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.core.db.Database;
import org.chorus.hub.repos.Repo;
import org.chorus.hub.repos.RepoType;
import org.chorus.jobs.Blame;
import org.chorus.jobs.Jobs;
import org.chorus.jobs.Lease;
import org.chorus.jobs.NewJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Computes a pushed dataset commit's viewer results (each split's schema, first rows and statistics) in the
 * background, so the first visitor neither waits for them nor gets a 503 when a large file's statistics outlast a
 * request's time limit. Every node follows {@code hub_changes} from where it started and enqueues one job per dataset
 * commit on the shared job system (keyed by the commit, so nodes seeing the same change make one job); every node's
 * worker takes those jobs under a lease, with a heartbeat between splits. Nothing lives only in one process: a node
 * that dies mid-job leaves a lease that expires, and the next node takes the job.
 */
public final class ViewerPreparation implements AutoCloseable {
    static final String QUEUE = "viewer.prepare";
    /** Each DuckDB statement of a preparation: the request limit is 30 s, a 1 GB file's statistics took 72 s loaded. */
    static final Duration STATEMENT_LIMIT = Duration.ofMinutes(10);
    private static final Duration LEASE = Duration.ofMinutes(15);
    private static final int ATTEMPTS = 3;
    /**
     * Entries re-read below the last one seen: on PostgreSQL a lower sequence number can become visible after a
     * higher one; reading it again costs nothing but a lookup, since a commit's job is enqueued once.
     */
    private static final long OVERLAP = 200;
    private static final int BATCH = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(ViewerPreparation.class);

    private final Database db;
    private final Jobs jobs;
    private final DatasetViewer viewer;
    private final Function<String, Optional<Repo>> repoById;
    private final String worker;
    /** Where this node started following: older changes were pushed before it ran and are prepared on first view. */
    private final long start;
    private long cursor;
    private ScheduledExecutorService timer;

    ViewerPreparation(Database db, Jobs jobs, DatasetViewer viewer, Function<String, Optional<Repo>> repoById, String worker) {
        this.db = db;
        this.jobs = jobs;
        this.viewer = viewer;
        this.repoById = repoById;
        this.worker = worker;
        this.start = db.withHandle(h -> h.createQuery("SELECT COALESCE(MAX(seq), 0) FROM hub_changes").mapTo(Long.class).one());
        this.cursor = start;
    }

    /** Follows the change log and works the queue every {@code every}, on one background thread of this node. */
    public static ViewerPreparation start(Database db, Jobs jobs, DatasetViewer viewer, Function<String, Optional<Repo>> repoById,
                                          String nodeId, Duration every) {
        ViewerPreparation p = new ViewerPreparation(db, jobs, viewer, repoById, nodeId);
        p.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("viewer-preparation").factory());
        p.timer.scheduleWithFixedDelay(p::pass, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return p;
    }

    private void pass() {
        try {
            follow();
            work();
        } catch (RuntimeException e) {
            // the next pass tries again; a throw here would cancel every later pass
            LOG.warn("dataset viewer preparation pass failed: {}", e.toString());
        }
    }

    /** Enqueues a job for each dataset commit named by the change log since the last call; returns how many it enqueued. */
    int follow() {
        record Change(long seq, String repoId, String sha) {}
        long newest = db.withHandle(h -> h.createQuery("SELECT COALESCE(MAX(seq), 0) FROM hub_changes").mapTo(Long.class).one());
        List<Change> changes = db.withHandle(h -> h.createQuery("SELECT c.seq, r.id, r.sha FROM hub_changes c JOIN hub_repos r ON r.id = c.repo_id"
                        + " WHERE c.seq > :f AND c.seq <= :n AND r.kind = 'dataset' AND r.sha IS NOT NULL ORDER BY c.seq LIMIT " + BATCH)
                .bind("f", Math.max(start, cursor - OVERLAP)).bind("n", newest)
                .map((rs, ctx) -> new Change(rs.getLong("seq"), rs.getString("id"), rs.getString("sha"))).list());
        Map<String, String> commits = new LinkedHashMap<>();
        changes.forEach(c -> commits.put(c.repoId() + "@" + c.sha(), c.repoId()));
        commits.forEach((key, repoId) -> jobs.enqueue(new NewJob(QUEUE, key, repoId, ATTEMPTS)));
        // past every entry up to the newest read; when a batch was full, only up to its last one
        cursor = Math.max(cursor, changes.size() == BATCH ? changes.getLast().seq() : newest);
        return commits.size();
    }

    /** Takes and runs this queue's ready jobs until none is left; returns how many it completed. */
    int work() {
        int done = 0;
        for (Optional<Lease> lease = jobs.claim(QUEUE, worker, LEASE); lease.isPresent(); lease = jobs.claim(QUEUE, worker, LEASE)) {
            done += prepare(lease.get()) ? 1 : 0;
        }
        return done;
    }

    private boolean prepare(Lease lease) {
        Optional<Repo> repo = repoById.apply(lease.payload()).filter(r -> r.type() == RepoType.DATASET);
        try {
            int splits = repo.isEmpty() ? 0 : viewer.prepare(repo.get(), STATEMENT_LIMIT, () -> jobs.heartbeat(lease.ref(), LEASE));
            jobs.complete(lease.ref(), "{\"splits\":" + splits + "}");
            return true;
        } catch (ChorusException e) {
            // unreadable data is the commit's and final (its viewer pages say why); anything else is retried
            jobs.fail(lease.ref(), e.code() == ErrorCode.INVALID_ARGUMENT ? Blame.INPUT : Blame.INFRASTRUCTURE, e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("preparing the dataset viewer for {} failed", lease.payload(), e);
            jobs.fail(lease.ref(), Blame.INFRASTRUCTURE, e.toString());
        }
        return false;
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
