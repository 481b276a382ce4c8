package org.chorus.arena;

import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.chorus.core.db.Database;
import org.chorus.hub.accounts.Principal;
import org.chorus.hub.repos.Repos;
import org.chorus.jobs.Blame;
import org.chorus.jobs.Jobs;
import org.chorus.jobs.LeaseRef;

/**
 * Bring-your-own scoring workers for competitions with a custom metric. The host registers a worker and gets its
 * token once ({@code chw_…}, kept hashed, revocable); the worker claims its competition's scoring jobs (waiting up to
 * {@link #MAX_WAIT} for one), reads the job's files while it holds the lease, sends heartbeats, and reports scores or a
 * failure. Every call about a job names the lease; a worker that does not hold it live (another worker's job, a lease
 * that expired, a job already reported) is refused and changes nothing. A failure blamed on infrastructure is retried
 * by the job system and never counts against the team's daily cap; one blamed on the submission is final and counts.
 */
public interface Workers {
    String TOKEN_PREFIX = "chw_";
    Duration MAX_WAIT = Duration.ofSeconds(25);
    Duration DEFAULT_LEASE = Duration.ofSeconds(60);

    static Workers create(Database db, Jobs jobs, Clock clock, Repos repos) {
        return new SqlWorkers(db, jobs, clock, new ModelRepos(repos));
    }

    /** A registered worker as its host sees it (never its token). */
    record Registered(String name, Instant createdAt, Instant lastSeenAt) {}

    /** A worker just registered, with the only copy of its token. */
    record Issued(Registered worker, String token) {}

    /** An authenticated worker: the competition it scores for. */
    record Worker(String id, String competitionId, String name) {}

    /** A job a worker holds: the lease token to quote, the submission to score and when the lease ends. */
    record Assignment(String jobId, String lease, String submissionId, int attempt, Instant expiresAt) {}

    /**
     * The files of a job, split by split: each part's solution rows and the submission's rows for the same ids in the
     * same order. {@code metric} is {@code custom} (one score per part) or {@code custom_loss} (one loss per row). A job of
     * a competition that takes models has no parts but a {@link ModelJob}: never the solution, only the test inputs.
     */
    record Files(String jobId, String submissionId, String metric, List<Part> parts, ModelJob model) {}

    /** A model to run: its repository and resolved commit, and the test inputs (their path in the dataset, and their text). */
    record ModelJob(String repo, String commit, String inputsPath, String inputs) {}

    record ModelFile(String path, long size) {}

    /** A file of a model, opened: its size and bytes (the caller closes the stream). */
    record Opened(long size, InputStream in) {}

    record Part(String split, int rows, String solution, String submission) {}

    /**
     * A worker's report: for {@code custom}, a score per split; for {@code custom_loss}, per-row losses per split in
     * the rows' order in {@link Files}.
     */
    record Report(Double publicScore, Double privateScore, double[] publicLosses, double[] privateLosses) {}

    Issued register(Principal caller, String competition, String name);

    List<Registered> list(Principal caller, String competition);

    void revoke(Principal caller, String competition, String name);

    /** The worker a token belongs to; UNAUTHENTICATED for an unknown or revoked one. */
    Worker authenticate(String token);

    /** Leases the oldest ready job of the worker's competition, waiting up to {@code wait} (at most {@link #MAX_WAIT}). */
    Optional<Assignment> claim(Worker worker, Duration lease, Duration wait);

    Files files(Worker worker, LeaseRef held);

    Assignment heartbeat(Worker worker, LeaseRef held, Duration lease);

    void complete(Worker worker, LeaseRef held, Report report);

    void fail(Worker worker, LeaseRef held, Blame blame, String message);

    /** The files of a model job's commit, for the worker holding its live lease (else NOT_FOUND or CONFLICT, as for files). */
    List<ModelFile> modelFiles(Worker worker, LeaseRef held);

    /** One file of a model job's commit, for the worker holding its live lease; the caller closes the stream. */
    Opened modelFile(Worker worker, LeaseRef held, String path);

    /**
     * A model job's predictions (CSV or Parquet), made by the worker holding the live lease: checked as a submission is
     * and scored here with the competition's metric. A refusal ends the job blaming the submission, shown to its team
     * and not counted against the cap; it is returned (empty when the predictions were scored).
     */
    Optional<String> predictions(Worker worker, LeaseRef held, byte[] file);
}
