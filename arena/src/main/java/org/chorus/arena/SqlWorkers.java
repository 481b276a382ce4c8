package org.chorus.arena;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.core.Ids;
import org.chorus.core.Names;
import org.chorus.core.db.Database;
import org.chorus.hub.accounts.Principal;
import org.chorus.jobs.Blame;
import org.chorus.jobs.Job;
import org.chorus.jobs.Jobs;
import org.chorus.jobs.Lease;
import org.chorus.jobs.LeaseRef;
import org.jdbi.v3.core.Handle;

final class SqlWorkers implements Workers {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final Duration POLL = Duration.ofMillis(200);

    private final Database db;
    private final Jobs jobs;
    private final Clock clock;
    private final Solutions solutions = new Solutions();
    private final ModelRepos models;

    SqlWorkers(Database db, Jobs jobs, Clock clock, ModelRepos models) {
        this.db = db;
        this.models = models;
        this.jobs = jobs;
        this.clock = clock;
    }

    @Override
    public Issued register(Principal caller, String competition, String name) {
        caller.requireWriteToken();
        Names.require("worker name", name);
        StringBuilder token = new StringBuilder(TOKEN_PREFIX);
        for (int i = 0; i < 40; i++) {
            token.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        long now = clock.millis();
        db.useTransaction(h -> {
            Stored c = hosted(h, caller, competition);
            if (!c.spec().byWorkers()) {
                throw new ChorusException(ErrorCode.CONFLICT, c.spec().name() + " is scored by the server (metric " + c.spec().metric().wire()
                        + "); workers score competitions with metric custom or custom_loss, or run submitted models");
            }
            if (h.createQuery("SELECT COUNT(*) FROM arena_workers WHERE competition_id = :c AND name_key = :k").bind("c", c.id())
                    .bind("k", name.toLowerCase(Locale.ROOT)).mapTo(Long.class).one() > 0) {
                throw new ChorusException(ErrorCode.ALREADY_EXISTS, c.spec().name() + " already has a worker named '" + name + "'");
            }
            h.createUpdate("INSERT INTO arena_workers (id, competition_id, name, name_key, secret_hash, created_at) VALUES (:id, :c, :n, :k, :h, :now)")
                    .bind("id", Ids.newId(clock)).bind("c", c.id()).bind("n", name).bind("k", name.toLowerCase(Locale.ROOT))
                    .bind("h", hash(token.toString())).bind("now", now).execute();
        });
        return new Issued(new Registered(name, Instant.ofEpochMilli(now), null), token.toString());
    }

    @Override
    public List<Registered> list(Principal caller, String competition) {
        return db.withHandle(h -> h.createQuery("SELECT name, created_at, last_seen_at FROM arena_workers WHERE competition_id = :c ORDER BY name_key")
                .bind("c", hosted(h, caller, competition).id())
                .map((rs, ctx) -> {
                    long seen = rs.getLong("last_seen_at");
                    Instant lastSeen = rs.wasNull() ? null : Instant.ofEpochMilli(seen); // asked before the next column is read
                    return new Registered(rs.getString("name"), Instant.ofEpochMilli(rs.getLong("created_at")), lastSeen);
                }).list());
    }

    @Override
    public void revoke(Principal caller, String competition, String name) {
        caller.requireWriteToken();
        db.useTransaction(h -> {
            Stored c = hosted(h, caller, competition);
            int deleted = h.createUpdate("DELETE FROM arena_workers WHERE competition_id = :c AND name_key = :k").bind("c", c.id())
                    .bind("k", String.valueOf(name).toLowerCase(Locale.ROOT)).execute();
            if (deleted == 0) {
                throw ChorusException.notFound(c.spec().name() + " has no worker named '" + Csv.shorten(String.valueOf(name)) + "'");
            }
        });
    }

    private static Stored hosted(Handle h, Principal caller, String competition) {
        Stored c = Stored.load(h, competition);
        c.requireHost(caller);
        return c;
    }

    @Override
    public Worker authenticate(String token) {
        if (token == null || !token.startsWith(TOKEN_PREFIX) || token.length() > 256) {
            throw new ChorusException(ErrorCode.UNAUTHENTICATED, "a worker authenticates with its token: Authorization: Bearer chw_…");
        }
        return db.inTransaction(h -> {
            Worker w = h.createQuery("SELECT id, competition_id, name FROM arena_workers WHERE secret_hash = :h").bind("h", hash(token))
                    .map((rs, ctx) -> new Worker(rs.getString("id"), rs.getString("competition_id"), rs.getString("name"))).findOne()
                    .orElseThrow(() -> new ChorusException(ErrorCode.UNAUTHENTICATED, "unknown or revoked worker token"));
            h.createUpdate("UPDATE arena_workers SET last_seen_at = :now WHERE id = :id").bind("now", clock.millis()).bind("id", w.id()).execute();
            return w;
        });
    }

    @Override
    public Optional<Assignment> claim(Worker worker, Duration lease, Duration wait) {
        if (wait.isNegative() || wait.compareTo(MAX_WAIT) > 0) {
            throw ChorusException.invalid("a claim waits 0 to " + MAX_WAIT.toSeconds() + " s");
        }
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Optional<Lease> got = jobs.claim(Arena.queue(worker.competitionId()), jobWorker(worker), lease);
            if (got.isPresent()) {
                Lease l = got.get();
                return Optional.of(new Assignment(l.jobId(), l.token(), l.payload(), l.attempt(), l.expiresAt()));
            }
            if (System.nanoTime() >= deadline) {
                return Optional.empty();
            }
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }

    @Override
    public Files files(Worker worker, LeaseRef held) {
        LeaseRef ref = ownJob(worker, held);
        Job job = jobs.held(ref);
        Stored competition = db.withHandle(h -> Stored.byId(h, worker.competitionId()));
        if (competition.spec().submissions() == SubmissionKind.MODEL) {
            ModelRepos.Ref model = db.withHandle(h -> model(h, job.key()));
            return new Files(job.id(), job.key(), competition.spec().metric().wire(), List.of(),
                    new ModelJob(model.repo(), model.commit(), competition.spec().testInputs(), testInputs(ref, job, competition.spec())));
        }
        return db.withHandle(h -> {
            Solution solution = solutions.get(h, competition);
            Columns.Rows rows = rows(h, solution, job.key());
            int p = solution.publicRows;
            int n = solution.rows();
            return new Files(job.id(), job.key(), competition.spec().metric().wire(), List.of(
                    new Part("public", p, Csv.write(rows.solutionHeader(), rows.solution(), 0, p),
                            Csv.write(rows.submissionHeader(), rows.submission(), 0, p)),
                    new Part("private", n - p, Csv.write(rows.solutionHeader(), rows.solution(), p, n),
                            Csv.write(rows.submissionHeader(), rows.submission(), p, n))), null);
        });
    }

    /**
     * The test inputs; when the host's dataset does not hold them, the job fails on infrastructure here (retried, never
     * counted against the team, the reason in the host's job queue) and the worker is told it no longer holds the job.
     */
    private String testInputs(LeaseRef ref, Job job, CompetitionSpec spec) {
        try {
            return models.testInputs(spec);
        } catch (ChorusException e) {
            Job failed = jobs.fail(ref, Blame.INFRASTRUCTURE, "the test inputs cannot be read: " + e.getMessage());
            db.useTransaction(h -> Scorer.failed(h, failed, job.key()));
            throw new ChorusException(ErrorCode.CONFLICT, failed.error());
        }
    }

    @Override
    public List<ModelFile> modelFiles(Worker worker, LeaseRef held) {
        return models.files(heldModel(worker, held)).stream().map(e -> new ModelFile(e.path(), e.size())).toList();
    }

    @Override
    public Opened modelFile(Worker worker, LeaseRef held, String path) {
        return models.open(heldModel(worker, held), path);
    }

    /** The model of a job whose live lease the worker holds; a job of a competition that takes files has none. */
    private ModelRepos.Ref heldModel(Worker worker, LeaseRef held) {
        Job job = jobs.held(ownJob(worker, held));
        return db.withHandle(h -> {
            requireModels(Stored.byId(h, worker.competitionId()), true);
            return model(h, job.key());
        });
    }

    private static ModelRepos.Ref model(Handle h, String submissionId) {
        return h.createQuery("SELECT model_repo, model_repo_id, model_commit FROM arena_submissions WHERE id = :id").bind("id", submissionId)
                .map((rs, ctx) -> new ModelRepos.Ref(rs.getString("model_repo"), rs.getString("model_repo_id"), rs.getString("model_commit"))).one();
    }

    /** CONFLICT unless the competition takes models ({@code models}) or files ({@code !models}), with the call to make instead. */
    private static void requireModels(Stored c, boolean models) {
        if ((c.spec().submissions() == SubmissionKind.MODEL) != models) {
            throw new ChorusException(ErrorCode.CONFLICT, models
                    ? c.spec().name() + " takes files of predictions: its jobs have no model; report scores to …/result"
                    : c.spec().name() + " takes models: send the model's predictions to …/predictions; the server scores them");
        }
    }

    @Override
    public Optional<String> predictions(Worker worker, LeaseRef held, byte[] file) {
        LeaseRef ref = ownJob(worker, held);
        Job job = jobs.held(ref);
        Stored c = db.withHandle(h -> Stored.byId(h, worker.competitionId()));
        requireModels(c, true);
        Solution solution = db.withHandle(h -> solutions.get(h, c));
        byte[] content;
        try {
            content = SubmissionFormat.check(solution, file);
        } catch (ChorusException e) {
            if (e.code() != ErrorCode.INVALID_ARGUMENT && e.code() != ErrorCode.PAYLOAD_TOO_LARGE) {
                throw e;
            }
            Job failed = jobs.fail(ref, Blame.INPUT, "the model's predictions were refused: " + e.getMessage());
            db.useTransaction(h -> Scorer.refused(h, job.key(), failed.error()));
            return Optional.of(failed.error());
        }
        Scorer.Scored scored = Scorer.scored(c.spec(), solution, content);
        jobs.complete(ref, scored.scores().json()); // first: a lease not held live is refused here, before anything is recorded
        db.useTransaction(h -> {
            h.createUpdate("INSERT INTO arena_submission_files (submission_id, content) VALUES (:id, :b)").bind("id", job.key())
                    .bind("b", content).execute();
            Scorer.record(h, c.spec(), job.key(), scored.scores(), scored.losses());
        });
        return Optional.empty();
    }

    private static Columns.Rows rows(Handle h, Solution solution, String submissionId) {
        byte[] file = h.createQuery("SELECT content FROM arena_submission_files WHERE submission_id = :id").bind("id", submissionId)
                .mapTo(byte[].class).one();
        return (Columns.Rows) SubmissionFormat.align(solution, file);
    }

    @Override
    public Assignment heartbeat(Worker worker, LeaseRef held, Duration lease) {
        Lease l = jobs.heartbeat(ownJob(worker, held), lease);
        return new Assignment(l.jobId(), l.token(), l.payload(), l.attempt(), l.expiresAt());
    }

    @Override
    public void complete(Worker worker, LeaseRef held, Report report) {
        LeaseRef ref = ownJob(worker, held);
        Job job = jobs.held(ref);
        Stored c = db.withHandle(h -> Stored.byId(h, worker.competitionId()));
        requireModels(c, false);
        Solution solution = db.withHandle(h -> solutions.get(h, c));
        CompetitionSpec spec = c.spec();
        Scorer.Scores scores;
        double[] publicLosses = null;
        if (spec.metric() == Metric.CUSTOM_LOSS) {
            publicLosses = losses("publicLosses", report.publicLosses(), solution.publicRows);
            double[] privateLosses = losses("privateLosses", report.privateLosses(), solution.rows() - solution.publicRows);
            scores = new Scorer.Scores(mean(publicLosses), mean(privateLosses));
        } else {
            scores = new Scorer.Scores(score("public", report.publicScore()), score("private", report.privateScore()));
        }
        jobs.complete(ref, scores.json()); // first: a lease not held live is refused here, before anything is recorded
        double[] candidate = publicLosses;
        db.useTransaction(h -> {
            if (Scorer.record(h, spec, job.key(), scores, new StoredLosses(candidate)) && candidate != null) {
                h.createUpdate("INSERT INTO arena_submission_losses (submission_id, losses) VALUES (:s, :l)").bind("s", job.key())
                        .bind("l", bytes(candidate)).execute();
            }
        });
    }

    /** The Ladder's losses for custom_loss: the reported ones, and an earlier submission's as stored when it was reported. */
    private record StoredLosses(double[] candidate) implements Scorer.PublicLosses {
        public double[] of(Handle h, String submissionId) {
            ByteBuffer b = ByteBuffer.wrap(h.createQuery("SELECT losses FROM arena_submission_losses WHERE submission_id = :s")
                    .bind("s", submissionId).mapTo(byte[].class).one());
            double[] out = new double[b.remaining() / Double.BYTES];
            b.asDoubleBuffer().get(out);
            return out;
        }
    }

    @Override
    public void fail(Worker worker, LeaseRef held, Blame blame, String message) {
        Job job = jobs.fail(ownJob(worker, held), blame, message);
        db.useTransaction(h -> Scorer.failed(h, job, job.key()));
    }

    /** The lease, if its job is one of the worker's competition (else NOT_FOUND, as for a job that does not exist). */
    private LeaseRef ownJob(Worker worker, LeaseRef held) {
        if (held.token() == null || held.token().isBlank()) {
            throw ChorusException.invalid("name the lease you hold in the X-Chorus-Lease header");
        }
        jobs.find(held.jobId()).filter(j -> j.queue().equals(Arena.queue(worker.competitionId())))
                .orElseThrow(() -> ChorusException.notFound("no job " + Csv.shorten(String.valueOf(held.jobId())) + " for this worker's competition"));
        return held;
    }

    private static String jobWorker(Worker w) {
        return "worker:" + w.name();
    }

    private static double score(String split, Double value) {
        if (value == null || !Double.isFinite(value)) {
            throw ChorusException.invalid("the " + split + " score must be a finite number");
        }
        return value;
    }

    private static double[] losses(String what, double[] values, int rows) {
        if (values == null || values.length != rows) {
            throw ChorusException.invalid(what + " must hold one loss per row of its part: " + rows + " numbers, got "
                    + (values == null ? "none" : values.length));
        }
        for (double v : values) {
            if (!Double.isFinite(v)) {
                throw ChorusException.invalid(what + " must be finite numbers");
            }
        }
        return values;
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    private static byte[] bytes(double[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * Double.BYTES);
        b.asDoubleBuffer().put(values);
        return b.array();
    }

    private static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
