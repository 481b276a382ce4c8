package org.chorus.federated.strategy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.chorus.federated.tensor.VectorMath;

/**
 * Krum's scores (Blanchard et al. 2017): an update's score is the summed squared distance to its m − f − 2 nearest
 * others among the m still in play. Krum and Multi-Krum rank once; Bulyan's first step takes the winner, removes it
 * and ranks again. The distance matrix is computed once (O(k²d)).
 */
final class KrumSelection {
    private KrumSelection() {}

    static double[][] distances(List<ClientUpdate> updates) {
        int k = updates.size();
        double[][] d = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = i + 1; j < k; j++) {
                d[i][j] = d[j][i] = VectorMath.squaredDistance(updates.get(i).values(), updates.get(j).values());
            }
        }
        return d;
    }

    /** The updates not yet {@code removed}, best (lowest) score first; ties keep arrival order. */
    static List<Integer> ranked(double[][] d, boolean[] removed, int byzantine) {
        List<Integer> left = new ArrayList<>();
        for (int i = 0; i < d.length; i++) {
            if (!removed[i]) {
                left.add(i);
            }
        }
        int neighbours = Math.max(1, left.size() - byzantine - 2);
        double[] score = new double[d.length];
        double[] row = new double[d.length];
        for (int i : left) {
            int m = 0;
            for (int j : left) {
                if (j != i) {
                    row[m++] = d[i][j];
                }
            }
            Arrays.sort(row, 0, m);
            for (int j = 0; j < Math.min(neighbours, m); j++) {
                score[i] += row[j];
            }
        }
        left.sort((a, b) -> Double.compare(score[a], score[b]));
        return left;
    }

    /** Bulyan's step 1: {@code count} times, the Krum winner among the updates left, which then leaves. */
    static int[] iterated(double[][] d, int byzantine, int count) {
        boolean[] removed = new boolean[d.length];
        int[] selected = new int[count];
        for (int s = 0; s < count; s++) {
            selected[s] = ranked(d, removed, byzantine).get(0);
            removed[selected[s]] = true;
        }
        return selected;
    }
}
