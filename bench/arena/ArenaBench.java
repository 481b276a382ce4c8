import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.chorus.arena.Arena;
import org.chorus.arena.BoardMode;
import org.chorus.arena.Columns;
import org.chorus.arena.CompetitionSpec;
import org.chorus.arena.Ladder;
import org.chorus.arena.Metric;
import org.chorus.arena.Phase;
import org.chorus.arena.Submission;
import org.chorus.core.db.Database;
import org.chorus.core.db.DatabaseUrl;
import org.chorus.hub.accounts.Accounts;
import org.chorus.hub.accounts.Principal;
import org.chorus.jobs.Jobs;

/**
 * Three measurements of the arena. (1) Blum and Hardt's boosting attack (mrtzh/Ladder.jl, examples/attacks.jl) against
 * each leaderboard mode: 4,000 random binary holdout labels, 400 random submissions; the attacker keeps the
 * submissions the board says did well (exact/rounded: shown 0/1 loss ≤ 0.5; ladder: those that lowered the shown
 * loss) and submits their majority vote. Its holdout loss is what the board reports; its true loss is 0.5 (random
 * guesses of random labels), estimated on fresh labels as Ladder.jl's "Test" line is. Averaged over repetitions,
 * printed beside Ladder.jl's own figures. (2) Scoring throughput on 1,000,000 rows: Metric.score ÷ a plain Java loop
 * computing the same metric on the same arrays (medians over runs, after warm-up). (3) A 1,000,000-row submission
 * through the service on SQLite: format check, storage, the scoring job, both splits.
 */
public class ArenaBench {
    static final int N = 4000;
    static final int K = 400;

    public static void main(String[] args) throws Exception {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        attack(reps);
        throughput();
        endToEnd();
    }

    // ---- (1) the boosting attack ----

    interface Board {
        /** The loss the board shows after this submission. */
        double show(double[] losses, double loss);
    }

    static Board exact() {
        return (losses, loss) -> loss;
    }

    static Board rounded(int digits) {
        return (losses, loss) -> BoardMode.ROUNDED.shown(loss, digits);
    }

    static Board ladder() {
        return new Board() {
            double[] best;
            double shown = Double.POSITIVE_INFINITY;

            public double show(double[] losses, double loss) {
                if (Ladder.improves(losses, best)) {
                    best = losses;
                    shown = loss;
                }
                return shown;
            }
        };
    }

    static void attack(int reps) {
        String[] names = {"exact (Kaggle, full precision)", "rounded, 5 digits (Kaggle's display)", "rounded, 2 digits", "ladder (parameter-free)"};
        double[] reported = new double[names.length];
        double test = 0;
        Random random = new Random(2015);
        for (int r = 0; r < reps; r++) {
            int[] y = new int[N];
            for (int i = 0; i < N; i++) {
                y[i] = random.nextInt(2);
            }
            int[][] u = new int[K][N];
            for (int k = 0; k < K; k++) {
                for (int i = 0; i < N; i++) {
                    u[k][i] = random.nextInt(2);
                }
            }
            Board[] boards = {exact(), rounded(5), rounded(2), ladder()};
            for (int b = 0; b < boards.length; b++) {
                reported[b] += boosted(y, u, boards[b], b == 3) / reps;
            }
            int wrong = 0;
            for (int i = 0; i < 2 * N; i++) {
                wrong += random.nextInt(2) != random.nextInt(2) ? 1 : 0;
            }
            test += (double) wrong / (2 * N) / reps;
        }
        System.out.printf(Locale.ROOT, "%n(1) Boosting attack: %d holdout examples, %d submissions, %d repetitions (Ladder.jl: 5)%n", N, K, reps);
        System.out.printf(Locale.ROOT, "%-40s %10s %10s %10s   %s%n", "mode", "reported", "true", "gap", "Ladder.jl (highacc / lowacc csv)");
        String[] theirs = {"Kaggle 0.427 / 0.451", "", "", "Ladder 0.484 / 0.488"};
        for (int b = 0; b < names.length; b++) {
            System.out.printf(Locale.ROOT, "%-40s %10.4f %10.4f %+10.4f   %s%n", names[b], reported[b], test, reported[b] - test, theirs[b]);
        }
    }

    /** The attack's final classifier's holdout 0/1 loss. */
    static double boosted(int[] y, int[][] u, Board board, boolean ladderRule) {
        List<Integer> kept = new ArrayList<>();
        double previous = Double.POSITIVE_INFINITY;
        for (int k = 0; k < K; k++) {
            double[] losses = new double[N];
            long wrong = 0;
            for (int i = 0; i < N; i++) {
                losses[i] = u[k][i] != y[i] ? 1 : 0;
                wrong += u[k][i] != y[i] ? 1 : 0;
            }
            double shown = board.show(losses, (double) wrong / N);
            boolean good = ladderRule ? (k == 0 ? shown < 0.5 : shown < previous) : shown <= 0.5;
            if (good) {
                kept.add(k);
            }
            previous = shown;
        }
        long wrong = 0;
        for (int i = 0; i < N; i++) {
            int votes = 0;
            for (int k : kept) {
                votes += u[k][i];
            }
            int vote = votes * 2 >= kept.size() ? 1 : 0;
            wrong += vote != y[i] ? 1 : 0;
        }
        return (double) wrong / N;
    }

    // ---- (2) throughput ----

    static void throughput() {
        int n = 1_000_000;
        Random random = new Random(1);
        int[] labels = new int[n];
        int[] predicted = new int[n];
        double[] prob = new double[n];
        double[] truthValues = new double[n];
        double[] predictedValues = new double[n];
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextInt(2);
            predicted[i] = random.nextInt(2);
            prob[i] = random.nextDouble();
            truthValues[i] = random.nextGaussian();
            predictedValues[i] = random.nextGaussian();
        }
        Columns.Labels l = new Columns.Labels(labels, predicted, 2);
        Columns.Probabilities p = new Columns.Probabilities(labels, prob, 1);
        Columns.Values v = new Columns.Values(truthValues, predictedValues);
        System.out.printf(Locale.ROOT, "%n(2) Scoring 1,000,000 rows: Metric.score vs a plain Java loop on the same arrays (median of 15 after 10 warm-up)%n");
        System.out.printf(Locale.ROOT, "%-12s %14s %14s %8s %12s%n", "metric", "rows/s metric", "rows/s loop", "ratio", "ms/1M rows");
        row("accuracy", n, () -> Metric.ACCURACY.score(l, 0, n, 0), () -> {
            long c = 0;
            for (int i = 0; i < n; i++) {
                c += labels[i] == predicted[i] ? 1 : 0;
            }
            return (double) c / n;
        });
        row("rmse", n, () -> Metric.RMSE.score(v, 0, n, 0), () -> {
            double s = 0;
            for (int i = 0; i < n; i++) {
                double d = truthValues[i] - predictedValues[i];
                s += d * d;
            }
            return Math.sqrt(s / n);
        });
        row("mae", n, () -> Metric.MAE.score(v, 0, n, 0), () -> {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += Math.abs(truthValues[i] - predictedValues[i]);
            }
            return s / n;
        });
        double eps = Math.ulp(1.0);
        row("log_loss", n, () -> Metric.LOG_LOSS.score(p, 0, n, 0), () -> {
            double s = 0;
            for (int i = 0; i < n; i++) {
                double q = Math.min(Math.max(prob[i], eps), 1 - eps);
                s -= Math.log(labels[i] == 1 ? q : 1 - q);
            }
            return s / n;
        });
        row("roc_auc", n, () -> Metric.ROC_AUC.score(p, 0, n, 0), () -> {
            double[] pos = new double[n];
            double[] neg = new double[n];
            int a = 0;
            int b = 0;
            for (int i = 0; i < n; i++) {
                if (labels[i] == 1) {
                    pos[a++] = prob[i];
                } else {
                    neg[b++] = prob[i];
                }
            }
            double[] ps = Arrays.copyOf(pos, a);
            double[] ns = Arrays.copyOf(neg, b);
            Arrays.sort(ps);
            Arrays.sort(ns);
            double wins = 0;
            int j = 0;
            for (double s : ps) { // no ties among random doubles
                while (j < ns.length && ns[j] < s) {
                    j++;
                }
                wins += j;
            }
            return wins / ((double) a * b);
        });
    }

    interface Score {
        double run();
    }

    static double sink;

    static void row(String name, int n, Score metric, Score loop) {
        if (Math.abs(metric.run() - loop.run()) > 1e-9) {
            throw new IllegalStateException(name + ": the metric and the loop disagree");
        }
        long[] m = new long[15];
        long[] p = new long[15];
        for (int i = 0; i < 10; i++) {
            sink += metric.run() + loop.run();
        }
        for (int i = 0; i < 15; i++) { // in turns, so load changes hit both alike
            long t0 = System.nanoTime();
            sink += metric.run();
            long t1 = System.nanoTime();
            sink += loop.run();
            long t2 = System.nanoTime();
            m[i] = t1 - t0;
            p[i] = t2 - t1;
        }
        Arrays.sort(m);
        Arrays.sort(p);
        double mr = n / (m[7] / 1e9);
        double pr = n / (p[7] / 1e9);
        System.out.printf(Locale.ROOT, "%-12s %14.3e %14.3e %8.2f %12.2f%n", name, mr, pr, mr / pr, m[7] / 1e6);
    }

    // ---- (3) end to end through the service ----

    static void endToEnd() throws Exception {
        int n = 1_000_000;
        Path dir = Files.createTempDirectory("arena-bench");
        try (Database db = Database.open(DatabaseUrl.sqlite(dir.resolve("bench.db")))) {
            Clock clock = Clock.systemUTC();
            Accounts accounts = Accounts.create(db, clock);
            accounts.bootstrap("hf_benchArenaToken0000000000");
            Principal admin = accounts.authenticate("hf_benchArenaToken0000000000");
            Arena arena = Arena.create(db, Jobs.create(db, clock), clock);
            Instant now = Instant.now();
            arena.create(admin, new CompetitionSpec("bench", "Bench", null, null, null, Metric.RMSE, 0, BoardMode.LADDER, 0, 30, 1, 2, false,
                    null, List.of(new Phase("main", now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(1)), 100))));
            Random random = new Random(3);
            StringBuilder solution = new StringBuilder("id,y\n");
            StringBuilder submission = new StringBuilder("id,y\n");
            for (int i = 0; i < n; i++) {
                double y = random.nextGaussian();
                solution.append(i).append(',').append(y).append('\n');
                submission.append(i).append(',').append(y + random.nextGaussian() * 0.1).append('\n');
            }
            byte[] sol = solution.toString().getBytes(StandardCharsets.UTF_8);
            byte[] sub = submission.toString().getBytes(StandardCharsets.UTF_8);
            long t0 = System.nanoTime();
            arena.uploadSolution(admin, "bench", sol);
            arena.join(admin, "bench", true, null);
            long t1 = System.nanoTime();
            Submission first = arena.submit(admin, "bench", sub, "first");
            long t2 = System.nanoTime();
            Submission second = arena.submit(admin, "bench", sub, "second (the ladder re-reads the best)");
            long t3 = System.nanoTime();
            System.out.printf(Locale.ROOT, "%n(3) A %d-row submission (%.1f MB) through the service on SQLite%n", n, sub.length / 1e6);
            System.out.printf(Locale.ROOT, "solution upload + parse: %.2f s; first submission checked, stored and scored: %.2f s (%s, shown %.4f);"
                            + " second (ladder compares with the first): %.2f s%n", (t1 - t0) / 1e9, (t2 - t1) / 1e9, first.status(),
                    first.shownScore(), (t3 - t2) / 1e9);
            if (!second.status().equals("scored")) {
                throw new IllegalStateException("second submission: " + second);
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
