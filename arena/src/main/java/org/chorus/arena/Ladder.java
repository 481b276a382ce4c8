package org.chorus.arena;

/**
 * The parameter-free Ladder (Blum and Hardt, "The Ladder: A Reliable Leaderboard for Machine Learning Competitions",
 * ICML 2015, algorithm 2). A submission's loss is released only if it is below the team's best by more than the
 * standard deviation of the per-example loss differences ÷ √n: a one-sided paired test at about one standard error.
 * The first submission is always released.
 */
public final class Ladder {
    private Ladder() {}

    /** Whether the new per-example losses beat the best's significantly; both cover the same rows. */
    public static boolean improves(double[] candidate, double[] best) {
        int n = candidate.length;
        if (best == null) {
            return true;
        }
        if (best.length != n) {
            throw new IllegalArgumentException("loss vectors cover " + n + " and " + best.length + " rows");
        }
        double meanDiff = 0;
        for (int i = 0; i < n; i++) {
            meanDiff += candidate[i] - best[i];
        }
        meanDiff /= n;
        double sq = 0;
        for (int i = 0; i < n; i++) {
            double d = candidate[i] - best[i] - meanDiff;
            sq += d * d;
        }
        double std = n > 1 ? Math.sqrt(sq / (n - 1)) : 0;
        return meanDiff < -std / Math.sqrt(n);
    }
}
