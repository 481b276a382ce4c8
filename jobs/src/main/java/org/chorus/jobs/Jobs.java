package org.chorus.jobs;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.chorus.core.db.Database;
import org.jdbi.v3.core.Handle;

/**
 * A queue of work in SQL that any node's workers, in-process or remote, take under a lease. A worker claims the
 * oldest ready job of a queue and holds it until its lease expires; heartbeats extend the lease; the result is
 * recorded once, by the lease holder, before the lease expires. A lease that expires is handed to the next worker
 * that claims; a failure blamed on infrastructure is retried after a growing pause until the job's attempts run out,
 * one blamed on the input is final. Module users (arena's scoring, model CI, evaluation, snapshots) own their
 * queues' names and payloads; this module never reads a payload.
 */
public interface Jobs {
    static Jobs create(Database db, Clock clock) {
        return new SqlJobs(db, clock, Retry.DEFAULT);
    }

    static Jobs create(Database db, Clock clock, Retry retry) {
        return new SqlJobs(db, clock, retry);
    }

    /**
     * Adds a job, or returns the one already in {@code queue} under the same key (so a caller that retries an
     * enqueue, or two nodes enqueuing the same work, get one job).
     */
    Job enqueue(NewJob job);

    /** {@link #enqueue(NewJob)} inside the caller's transaction, so the job exists exactly when the caller's rows do. */
    Job enqueue(Handle transaction, NewJob job);

    /** The oldest ready job of {@code queue}, now leased to {@code worker} for {@code lease}; empty when none is ready. */
    Optional<Lease> claim(String queue, String worker, Duration lease);

    /** Extends a held lease by {@code lease} from now; CONFLICT when the lease is not (or no longer) held. */
    Lease heartbeat(LeaseRef held, Duration lease);

    /** The job while {@code held} is its live lease (a worker's read of its inputs); CONFLICT otherwise, like a report. */
    Job held(LeaseRef held);

    /** Records the result and ends the job; CONFLICT when the lease is not held, expired, or the job already ended. */
    Job complete(LeaseRef held, String result);

    /**
     * Records a failure. Blamed on the input, the job ends failed. Blamed on infrastructure, it is queued again after a
     * backoff pause, or ends failed (still blamed on infrastructure) once {@code maxAttempts} leases were taken.
     */
    Job fail(LeaseRef held, Blame blame, String message);

    Optional<Job> find(String id);

    /**
     * The queues whose names start with {@code prefix} that hold a job ready now (queued and past its back-off, or
     * leased with its lease expired): where a module's background sweep has work, whichever node runs it.
     */
    List<String> readyQueues(String prefix);

    /** The newest jobs of a queue, for the pages and APIs that show it. */
    List<Job> list(String queue, int limit);

    /** How many jobs of {@code queue} are in each state (states with none are absent). */
    Map<JobState, Long> counts(String queue);

    /** The retry schedule: the pause after the n-th infrastructure failure is {@code base × 2^(n-1)}, at most {@code max}. */
    record Retry(Duration base, Duration max) {
        public static final Retry DEFAULT = new Retry(Duration.ofSeconds(5), Duration.ofMinutes(10));

        Duration after(int failures) {
            long ms = base.toMillis() << Math.min(Math.max(failures - 1, 0), 20);
            return Duration.ofMillis(Math.min(ms, max.toMillis()));
        }
    }
}
