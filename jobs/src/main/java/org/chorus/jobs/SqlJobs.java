package org.chorus.jobs;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.core.Ids;
import org.chorus.core.db.Database;
import org.jdbi.v3.core.Handle;

final class SqlJobs implements Jobs {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration MAX_LEASE = Duration.ofHours(1);
    private static final String COLUMNS = "id, queue, job_key, state, attempts, max_attempts, not_before, lease_token, worker,"
            + " lease_expires_at, result, blame, error, created_at, updated_at";
    /** A job a worker may claim at {@code :now}: queued past its back-off, or leased by a worker whose lease expired. */
    private static final String READY = "((state = 'queued' AND not_before <= :now) OR (state = 'leased' AND lease_expires_at <= :now))";

    private final Database db;
    private final Clock clock;
    private final Retry retry;

    SqlJobs(Database db, Clock clock, Retry retry) {
        this.db = db;
        this.clock = clock;
        this.retry = retry;
    }

    /** A job row and the token of its lease, which {@link Job} does not show. */
    private record Row(Job job, String token) {}

    @Override
    public Job enqueue(NewJob job) {
        return db.inTransaction(h -> enqueue(h, job));
    }

    @Override
    public Job enqueue(Handle h, NewJob job) {
        long now = clock.millis();
        Optional<Row> existing = h.createQuery("SELECT " + COLUMNS + " FROM jobs WHERE queue = :q AND job_key = :k")
                .bind("q", job.queue()).bind("k", job.key()).map((rs, ctx) -> row(rs)).findOne();
        if (existing.isPresent()) {
            return existing.get().job();
        }
        String id = Ids.newId(clock);
        h.createUpdate("INSERT INTO jobs (id, queue, job_key, payload, state, attempts, max_attempts, not_before, created_at, updated_at)"
                        + " VALUES (:id, :q, :k, :p, 'queued', 0, :max, :now, :now, :now)")
                .bind("id", id).bind("q", job.queue()).bind("k", job.key()).bind("p", job.payload())
                .bind("max", job.maxAttempts()).bind("now", now).execute();
        return load(h, id).job();
    }

    @Override
    public Optional<Lease> claim(String queue, String worker, Duration lease) {
        NewJob.requireText("queue", queue, NewJob.MAX_QUEUE);
        NewJob.requireText("worker name", worker, 128);
        requireLease(lease);
        return db.inTransaction(h -> {
            long now = clock.millis();
            while (true) {
                Optional<Row> next = h.createQuery("SELECT " + COLUMNS + " FROM jobs WHERE queue = :q AND " + READY + " ORDER BY created_at, id LIMIT 1")
                        .bind("q", queue).bind("now", now).map((rs, ctx) -> row(rs)).findOne();
                if (next.isEmpty()) {
                    return Optional.<Lease>empty();
                }
                Job job = next.get().job();
                boolean expired = job.state() == JobState.LEASED;
                String lost = expired ? "the lease of worker '" + job.worker() + "' expired" : job.error();
                if (job.attempts() >= job.maxAttempts()) {
                    // only an expired lease gets here: a failed attempt at the limit already ended the job
                    end(h, job.id(), "failed", null, Blame.INFRASTRUCTURE, lost + " after " + job.attempts() + " attempts", now);
                    continue;
                }
                String token = HexFormat.of().formatHex(bytes(16));
                long expires = now + lease.toMillis();
                h.createUpdate("UPDATE jobs SET state = 'leased', attempts = attempts + 1, lease_token = :t, worker = :w, lease_expires_at = :e,"
                                + " heartbeat_at = :now, blame = :b, error = :err, updated_at = :now WHERE id = :id")
                        .bind("t", token).bind("w", worker).bind("e", expires).bind("now", now).bind("id", job.id())
                        .bind("b", expired ? Blame.INFRASTRUCTURE.wire() : job.blame() == null ? null : job.blame().wire())
                        .bind("err", lost).execute();
                String payload = h.createQuery("SELECT payload FROM jobs WHERE id = :id").bind("id", job.id()).mapTo(String.class).one();
                return Optional.of(new Lease(job.id(), token, queue, payload, job.attempts() + 1, Instant.ofEpochMilli(expires)));
            }
        });
    }

    @Override
    public Lease heartbeat(LeaseRef held, Duration lease) {
        requireLease(lease);
        return db.inTransaction(h -> {
            long now = clock.millis();
            Job job = requireHeld(h, held, now);
            long expires = now + lease.toMillis();
            h.createUpdate("UPDATE jobs SET lease_expires_at = :e, heartbeat_at = :now, updated_at = :now WHERE id = :id")
                    .bind("e", expires).bind("now", now).bind("id", job.id()).execute();
            String payload = h.createQuery("SELECT payload FROM jobs WHERE id = :id").bind("id", job.id()).mapTo(String.class).one();
            return new Lease(job.id(), held.token(), job.queue(), payload, job.attempts(), Instant.ofEpochMilli(expires));
        });
    }

    @Override
    public Job held(LeaseRef held) {
        return db.withHandle(h -> requireHeld(h, held, clock.millis()));
    }

    @Override
    public Job complete(LeaseRef held, String result) {
        if (result == null || result.length() > NewJob.MAX_PAYLOAD) {
            throw ChorusException.invalid("a job's result must be present and at most " + NewJob.MAX_PAYLOAD + " characters");
        }
        return db.inTransaction(h -> {
            long now = clock.millis();
            Job job = requireHeld(h, held, now);
            end(h, job.id(), "succeeded", result, null, null, now);
            return load(h, job.id()).job();
        });
    }

    @Override
    public Job fail(LeaseRef held, Blame blame, String message) {
        String error = message == null || message.isBlank() ? "no message" : message.length() > 1000 ? message.substring(0, 1000) + "…" : message;
        return db.inTransaction(h -> {
            long now = clock.millis();
            Job job = requireHeld(h, held, now);
            if (blame == Blame.INPUT || job.attempts() >= job.maxAttempts()) {
                end(h, job.id(), "failed", null, blame, error, now);
            } else {
                h.createUpdate("UPDATE jobs SET state = 'queued', not_before = :nb, lease_token = NULL, lease_expires_at = NULL,"
                                + " blame = :b, error = :err, updated_at = :now WHERE id = :id")
                        .bind("nb", now + retry.after(job.attempts()).toMillis()).bind("b", blame.wire()).bind("err", error)
                        .bind("now", now).bind("id", job.id()).execute();
            }
            return load(h, job.id()).job();
        });
    }

    @Override
    public Optional<Job> find(String id) {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM jobs WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> row(rs).job()).findOne());
    }

    @Override
    public List<String> readyQueues(String prefix) {
        NewJob.requireText("queue prefix", prefix, NewJob.MAX_QUEUE);
        return db.withHandle(h -> h.createQuery("SELECT DISTINCT queue FROM jobs WHERE " + READY + " AND substr(queue, 1, :n) = :p ORDER BY queue")
                .bind("now", clock.millis()).bind("n", prefix.length()).bind("p", prefix).mapTo(String.class).list());
    }

    @Override
    public List<Job> list(String queue, int limit) {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM jobs WHERE queue = :q ORDER BY created_at DESC, id DESC LIMIT :l")
                .bind("q", queue).bind("l", limit).map((rs, ctx) -> row(rs).job()).list());
    }

    @Override
    public Map<JobState, Long> counts(String queue) {
        Map<JobState, Long> counts = new EnumMap<>(JobState.class);
        db.withHandle(h -> h.createQuery("SELECT state, COUNT(*) AS n FROM jobs WHERE queue = :q GROUP BY state").bind("q", queue)
                        .map((rs, ctx) -> Map.entry(JobState.parse(rs.getString("state")), rs.getLong("n"))).list())
                .forEach(e -> counts.put(e.getKey(), e.getValue()));
        return counts;
    }

    /** The job, if {@code held} is its live lease; CONFLICT naming why not otherwise. */
    private Job requireHeld(Handle h, LeaseRef held, long now) {
        Row row = h.createQuery("SELECT " + COLUMNS + " FROM jobs WHERE id = :id").bind("id", held.jobId())
                .map((rs, ctx) -> row(rs)).findOne()
                .orElseThrow(() -> ChorusException.notFound("no job " + held.jobId()));
        Job job = row.job();
        if (job.state().ended()) {
            throw new ChorusException(ErrorCode.CONFLICT, "job " + job.id() + " has already " + job.state().wire());
        }
        if (job.state() != JobState.LEASED || held.token() == null || row.token() == null
                || !MessageDigest.isEqual(row.token().getBytes(StandardCharsets.UTF_8), held.token().getBytes(StandardCharsets.UTF_8))) {
            throw new ChorusException(ErrorCode.CONFLICT, "job " + job.id() + " is not held with this lease (it may have been given to another worker)");
        }
        if (job.leaseExpiresAt().toEpochMilli() <= now) {
            throw new ChorusException(ErrorCode.CONFLICT, "the lease on job " + job.id() + " expired at " + job.leaseExpiresAt());
        }
        return job;
    }

    private static void end(Handle h, String id, String state, String result, Blame blame, String error, long now) {
        h.createUpdate("UPDATE jobs SET state = :s, result = :r, blame = :b, error = :err, lease_token = NULL, updated_at = :now WHERE id = :id")
                .bind("s", state).bind("r", result).bind("b", blame == null ? null : blame.wire()).bind("err", error)
                .bind("now", now).bind("id", id).execute();
    }

    private static Row load(Handle h, String id) {
        return h.createQuery("SELECT " + COLUMNS + " FROM jobs WHERE id = :id").bind("id", id).map((rs, ctx) -> row(rs)).one();
    }

    private static Row row(ResultSet rs) throws SQLException {
        long expires = rs.getLong("lease_expires_at");
        Instant leaseEnd = rs.wasNull() ? null : Instant.ofEpochMilli(expires);
        String blame = rs.getString("blame");
        return new Row(new Job(rs.getString("id"), rs.getString("queue"), rs.getString("job_key"), JobState.parse(rs.getString("state")),
                rs.getInt("attempts"), rs.getInt("max_attempts"), Instant.ofEpochMilli(rs.getLong("not_before")), rs.getString("worker"),
                leaseEnd, rs.getString("result"), blame == null ? null : Blame.parse(blame), rs.getString("error"),
                Instant.ofEpochMilli(rs.getLong("created_at")), Instant.ofEpochMilli(rs.getLong("updated_at"))), rs.getString("lease_token"));
    }

    private static void requireLease(Duration lease) {
        if (lease == null || lease.isNegative() || lease.isZero() || lease.compareTo(MAX_LEASE) > 0) {
            throw ChorusException.invalid("a lease lasts more than 0 s and at most " + MAX_LEASE.toMinutes() + " minutes");
        }
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
