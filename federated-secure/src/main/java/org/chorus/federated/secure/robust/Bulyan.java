package org.chorus.federated.secure.robust;

import java.util.Arrays;

/**
 * Bulyan (El Mhamdi, Guerraoui, Rouault 2018, "The Hidden Vulnerability of Distributed Learning in Byzantium"):
 * (1) select θ = n − 2f updates by repeatedly taking the Krum winner among those left — the coordinator's Krum does
 * that, so there is one Krum in the code base; (2) per coordinate, average the β = θ − 2f selected values closest to
 * their median: {@link #aggregateSelected}. Needs n ≥ 4f + 3. Step 2 costs O(d·θ log θ).
 */
public final class Bulyan {
    private Bulyan() {}

    /** Bulyan's guarantee needs n ≥ 4f + 3 clients. */
    public static void requireEnough(int clients, int byzantine) {
        if (byzantine < 0 || clients < 4 * byzantine + 3) {
            throw new IllegalArgumentException("Bulyan needs n >= 4f + 3, got n=" + clients + ", f=" + byzantine);
        }
    }

    /** Step 2 over the θ updates step 1 selected: per coordinate, the mean of the θ − 2f values closest to the median. */
    public static float[] aggregateSelected(float[][] selected, int byzantine) {
        int theta = selected.length;
        int beta = theta - 2 * byzantine;
        if (byzantine < 0 || beta < 1) {
            throw new IllegalArgumentException("Bulyan needs more than 2f selected updates, got " + theta + " for f=" + byzantine);
        }
        int d = selected[0].length;
        float[] result = new float[d];
        float[] column = new float[theta];
        for (int j = 0; j < d; j++) {
            for (int s = 0; s < theta; s++) {
                column[s] = selected[s][j];
            }
            result[j] = meanClosestToMedian(column, beta);
        }
        return result;
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
