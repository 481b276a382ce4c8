package org.chorus.federated.strategy;

import java.util.Arrays;
import java.util.List;
import org.chorus.federated.tensor.VectorMath;

/**
 * Byzantine-robust aggregation rules. Each needs every update of the round at once, so unlike the
 * weighted mean its memory grows with the number of clients.
 */
sealed interface RobustRule {

    float[] combine(List<ClientUpdate> updates);

    /** Coordinate-wise median (Yin et al. 2018), unweighted; the mean of the two middle values for an even count. */
    record Median() implements RobustRule {
        @Override
        public float[] combine(List<ClientUpdate> updates) {
            return coordinatewise(updates, 0, true);
        }
    }

    /** Coordinate-wise mean after dropping ⌊β·k⌋ smallest and largest values (Yin et al. 2018), unweighted. */
    record TrimmedMean(double beta) implements RobustRule {
        @Override
        public float[] combine(List<ClientUpdate> updates) {
            int cut = (int) (beta * updates.size());
            if (2 * cut >= updates.size()) {
                throw new IllegalArgumentException("beta " + beta + " trims every one of " + updates.size() + " updates");
            }
            return coordinatewise(updates, cut, false);
        }
    }

    /**
     * Krum (Blanchard et al. 2017): score each update by the summed squared distances to its k−f−2
     * nearest others; Multi-Krum averages the m best, weighted by example counts.
     */
    record Krum(int byzantine, int keep) implements RobustRule {
        @Override
        public float[] combine(List<ClientUpdate> updates) {
            int k = updates.size();
            List<Integer> order = KrumSelection.ranked(KrumSelection.distances(updates), new boolean[k], byzantine);
            int m = Math.min(Math.max(1, keep), k);
            float[] out = new float[updates.get(0).values().length];
            double total = 0;
            for (int i = 0; i < m; i++) {
                total += updates.get(order.get(i)).numExamples();
            }
            for (int i = 0; i < m; i++) {
                ClientUpdate u = updates.get(order.get(i));
                VectorMath.axpy((float) (u.numExamples() / total), u.values(), out);
            }
            return out;
        }
    }

    /**
     * Bulyan (El Mhamdi et al. 2018), unweighted: iterated Krum selects n − 2f updates, then per coordinate the mean
     * of the n − 4f selected values closest to their median. Needs n ≥ 4f + 3 reports in the round.
     */
    record Bulyan(int byzantine) implements RobustRule {
        @Override
        public float[] combine(List<ClientUpdate> updates) {
            int k = updates.size();
            org.chorus.federated.secure.robust.Bulyan.requireEnough(k, byzantine);
            int[] chosen = KrumSelection.iterated(KrumSelection.distances(updates), byzantine, k - 2 * byzantine);
            float[][] selected = new float[chosen.length][];
            for (int s = 0; s < chosen.length; s++) {
                selected[s] = updates.get(chosen[s]).values();
            }
            return org.chorus.federated.secure.robust.Bulyan.aggregateSelected(selected, byzantine);
        }
    }

    /** Sorts each coordinate's k values in a reused scratch array and averages the middle after trimming. */
    private static float[] coordinatewise(List<ClientUpdate> updates, int cut, boolean median) {
        int k = updates.size();
        int n = updates.get(0).values().length;
        float[] out = new float[n];
        float[] column = new float[k];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                column[j] = updates.get(j).values()[i];
            }
            Arrays.sort(column);
            out[i] = median ? middle(column) : trimmedMean(column, cut);
        }
        return out;
    }

    private static float middle(float[] sorted) {
        int k = sorted.length;
        return k % 2 == 1 ? sorted[k / 2] : (sorted[k / 2 - 1] + sorted[k / 2]) / 2f;
    }

    private static float trimmedMean(float[] sorted, int cut) {
        double s = 0;
        for (int j = cut; j < sorted.length - cut; j++) {
            s += sorted[j];
        }
        return (float) (s / (sorted.length - 2 * cut));
    }
}
