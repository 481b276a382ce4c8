package org.chorus.arena;

import java.time.Duration;
import java.util.Optional;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.core.db.Database;
import org.chorus.jobs.Blame;
import org.chorus.jobs.Job;
import org.chorus.jobs.JobState;
import org.chorus.jobs.Jobs;
import org.chorus.jobs.Lease;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-process scoring worker: takes a competition's ready jobs, scores each submission on both splits and records
 * the result once (a submission already scored is left alone, so a result reported twice changes nothing). A file the
 * format check let through but the scorer cannot read is the submission's fault; anything else is infrastructure's,
 * retried by the job system and never counted against the team's cap.
 */
final class Scorer {
    private static final Logger LOG = LoggerFactory.getLogger(Scorer.class);
    static final String WORKER = "in-process";
    private static final Duration LEASE = Duration.ofMinutes(5);

    private final Database db;
    private final Jobs jobs;
    private final Solutions solutions;

    Scorer(Database db, Jobs jobs, Solutions solutions) {
        this.db = db;
        this.jobs = jobs;
        this.solutions = solutions;
    }

    int drain(String competitionId) {
        int scored = 0;
        for (Optional<Lease> lease = jobs.claim(Arena.queue(competitionId), WORKER, LEASE); lease.isPresent();
                lease = jobs.claim(Arena.queue(competitionId), WORKER, LEASE)) {
            if (score(competitionId, lease.get())) {
                scored++;
            }
        }
        return scored;
    }

    private boolean score(String competitionId, Lease lease) {
        String submissionId = lease.payload();
        try {
            Scores scores = db.inTransaction(h -> apply(h, competitionId, submissionId));
            jobs.complete(lease.ref(), scores.json());
            return true;
        } catch (ChorusException e) {
            fail(lease, submissionId, e.code() == ErrorCode.INVALID_ARGUMENT ? Blame.INPUT : Blame.INFRASTRUCTURE, e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("scoring submission {} failed", submissionId, e);
            fail(lease, submissionId, Blame.INFRASTRUCTURE, "scorer error: " + e);
        }
        return false;
    }

    /** A scored submission's exact scores, the job's result. */
    record Scores(double publicScore, double privateScore) {
        String json() {
            return "{\"public\":" + publicScore + ",\"private\":" + privateScore + "}";
        }
    }

    /** Scores the submission and records it, unless it was recorded already (then returns what was recorded). */
    private Scores apply(Handle h, String competitionId, String submissionId) {
        Stored c = Stored.byId(h, competitionId);
        Scored scored = scored(c.spec(), solutions.get(h, c), file(h, submissionId));
        record(h, c.spec(), submissionId, scored.scores(), scored.losses());
        return scored.scores();
    }

    /** A checked file's exact scores, and the Ladder's per-example losses of it and of an earlier submission. */
    record Scored(Scores scores, PublicLosses losses) {}

    /** Scores a file that passed {@link SubmissionFormat#check} on both splits with the competition's built-in metric. */
    static Scored scored(CompetitionSpec spec, Solution solution, byte[] file) {
        Columns columns = SubmissionFormat.align(solution, file);
        int n = solution.rows();
        int p = solution.publicRows;
        double pub = spec.metric().score(columns, 0, p, spec.k());
        double priv = spec.metric().score(columns, p, n, spec.k());
        return new Scored(new Scores(pub, priv), new PublicLosses() {
            public double[] candidate() {
                return spec.metric().losses(columns, 0, p, spec.k());
            }

            public double[] of(Handle h, String earlier) {
                return spec.metric().losses(SubmissionFormat.align(solution, file(h, earlier)), 0, p, spec.k());
            }
        });
    }

    /** The per-example losses on the public split that the Ladder compares: a new submission's and an earlier one's. */
    interface PublicLosses {
        double[] candidate();

        double[] of(Handle h, String submissionId);
    }

    /**
     * Records a submission's exact scores and what the leaderboard shows for it, unless it was recorded already;
     * returns whether it recorded them. In-process and remote workers both end here.
     */
    static boolean record(Handle h, CompetitionSpec spec, String submissionId, Scores scores, PublicLosses losses) {
        Pending row = h.createQuery("SELECT status, late, team_id FROM arena_submissions WHERE id = :id").bind("id", submissionId)
                .map((rs, ctx) -> new Pending(rs.getString("status"), rs.getInt("late") != 0, rs.getString("team_id"))).one();
        if (!"queued".equals(row.status())) {
            return false;
        }
        double pub = scores.publicScore();
        double shown = row.late() || spec.mode() != BoardMode.LADDER ? spec.mode().shown(pub, spec.roundDigits())
                : ladder(h, row.teamId(), submissionId, losses, pub);
        h.createUpdate("UPDATE arena_submissions SET status = 'scored', public_score = :pub, private_score = :priv, released_score = :shown"
                        + " WHERE id = :id")
                .bind("pub", pub).bind("priv", scores.privateScore()).bind("shown", shown).bind("id", submissionId).execute();
        return true;
    }

    private record Pending(String status, boolean late, String teamId) {}

    /** The Ladder's release: this score if it beats the team's best significantly (and it becomes the best), else the best's. */
    private static double ladder(Handle h, String teamId, String submissionId, PublicLosses losses, double pub) {
        Optional<String> bestId = h.createQuery("SELECT ladder_best FROM arena_teams WHERE id = :t").bind("t", teamId)
                .mapTo(String.class).findOne().filter(s -> !s.isEmpty());
        if (bestId.isPresent() && !Ladder.improves(losses.candidate(), losses.of(h, bestId.get()))) {
            return h.createQuery("SELECT released_score FROM arena_submissions WHERE id = :id").bind("id", bestId.get())
                    .mapTo(Double.class).one();
        }
        h.createUpdate("UPDATE arena_teams SET ladder_best = :s WHERE id = :t").bind("s", submissionId).bind("t", teamId).execute();
        return pub;
    }

    private static byte[] file(Handle h, String submissionId) {
        return h.createQuery("SELECT content FROM arena_submission_files WHERE submission_id = :id").bind("id", submissionId)
                .mapTo(byte[].class).one();
    }

    private void fail(Lease lease, String submissionId, Blame blame, String message) {
        Job job;
        try {
            job = jobs.fail(lease.ref(), blame, message);
        } catch (ChorusException e) {
            return; // the lease was lost: whoever holds it now reports
        }
        db.useTransaction(h -> failed(h, job, submissionId));
    }

    /**
     * Marks a model submission failed because the predictions its model made were refused by the format check: the team
     * sees why, and the cap does not count it (blame {@code predictions}, not {@code input}).
     */
    static void refused(Handle h, String submissionId, String message) {
        h.createUpdate("UPDATE arena_submissions SET status = 'failed', blame = 'predictions', error = :e WHERE id = :id AND status = 'queued'")
                .bind("e", message).bind("id", submissionId).execute();
    }

    /** Marks the submission failed once its job has ended failed (a retried job leaves it queued). */
    static void failed(Handle h, Job job, String submissionId) {
        if (job.state() == JobState.FAILED) {
            h.createUpdate("UPDATE arena_submissions SET status = 'failed', blame = :b, error = :e WHERE id = :id AND status = 'queued'")
                    .bind("b", job.blame().wire()).bind("e", job.error()).bind("id", submissionId).execute();
        }
    }
}
