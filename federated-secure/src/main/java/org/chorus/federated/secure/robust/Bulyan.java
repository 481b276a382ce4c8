package org.chorus.federated.secure.robust;

import java.util.Arrays;

/**
 * Bulyan (El Mhamdi, Guerraoui, Rouault 2018, "The Hidden Vulnerability of Distributed Learning in Byzantium"),
 * self-contained over float[][]: (1) select θ = n − 2f updates by repeatedly taking the Krum winner among those
 * left (its own minimal Krum, {@link #krumSelect}, named so the lead can dedupe it against the strategies module's
 * Krum); (2) per coordinate, average the β = θ − 2f selected values closest to their median. Needs n ≥ 4f + 3.
 * Cost: one n×n distance matrix (O(n²d)), then O(n³) selection and O(d·θ log θ) aggregation.
 */
public final class Bulyan {
    private Bulyan() {}

    public static float[] aggregate(float[][] updates, int byzantine) {
        int n = updates.length;
        if (byzantine < 0 || n < 4 * byzantine + 3) {
            throw new IllegalArgumentException("Bulyan needs n >= 4f + 3, got n=" + n + ", f=" + byzantine);
        }
        int d = updates[0].length;
        int theta = n - 2 * byzantine;
        int beta = theta - 2 * byzantine;
        int[] selected = krumSelect(updates, byzantine, theta);
        float[] result = new float[d];
        float[] column = new float[theta];
        for (int j = 0; j < d; j++) {
            for (int s = 0; s < theta; s++) {
                column[s] = updates[selected[s]][j];
            }
            result[j] = meanClosestToMedian(column, beta);
        }
        return result;
    }

    /**
     * The indices of {@code count} updates chosen by iterated Krum: each step picks the update whose summed squared
     * distance to its m − f − 2 nearest remaining neighbours is smallest (m = updates still in play), removes it and
     * repeats.
     */
    static int[] krumSelect(float[][] updates, int byzantine, int count) {
        int n = updates.length;
        double[][] distance = new double[n][n];
        for (int a = 0; a < n; a++) {
            for (int b = a + 1; b < n; b++) {
                double sum = 0;
                float[] x = updates[a];
                float[] y = updates[b];
                for (int j = 0; j < x.length; j++) {
                    double diff = x[j] - y[j];
                    sum += diff * diff;
                }
                distance[a][b] = sum;
                distance[b][a] = sum;
            }
        }
        boolean[] taken = new boolean[n];
        int[] selected = new int[count];
        double[] row = new double[n];
        for (int step = 0; step < count; step++) {
            int remaining = n - step;
            int neighbours = Math.max(1, remaining - byzantine - 2);
            int best = -1;
            double bestScore = Double.POSITIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                if (taken[i]) {
                    continue;
                }
                int m = 0;
                for (int k = 0; k < n; k++) {
                    if (!taken[k] && k != i) {
                        row[m++] = distance[i][k];
                    }
                }
                Arrays.sort(row, 0, m);
                double score = 0;
                for (int k = 0; k < Math.min(neighbours, m); k++) {
                    score += row[k];
                }
                if (score < bestScore) {
                    bestScore = score;
                    best = i;
                }
            }
            taken[best] = true;
            selected[step] = best;
        }
        return selected;
    }

    /** Sorts {@code values} in place and returns the mean of the {@code beta} values closest to the median. */
    static float meanClosestToMedian(float[] values, int beta) {
        Arrays.sort(values);
        int m = values.length;
        double median = m % 2 == 1 ? values[m / 2] : (values[m / 2 - 1] + (double) values[m / 2]) / 2;
        int lo = m / 2;
        int hi = lo; // window [lo, hi)
        while (hi - lo < beta) {
            boolean takeLow = hi >= m || (lo > 0 && median - values[lo - 1] <= values[hi] - median);
            if (takeLow) {
                lo--;
            } else {
                hi++;
            }
        }
        double sum = 0;
        for (int k = lo; k < hi; k++) {
            sum += values[k];
        }
        return (float) (sum / beta);
    }
}
