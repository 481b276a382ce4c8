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
            int neighbours = Math.max(1, k - byzantine - 2);
            double[][] d = new double[k][k];
            for (int i = 0; i < k; i++) {
                for (int j = i + 1; j < k; j++) {
                    d[i][j] = d[j][i] = VectorMath.squaredDistance(updates.get(i).values(), updates.get(j).values());
                }
            }
            double[] score = new double[k];
            Integer[] order = new Integer[k];
            for (int i = 0; i < k; i++) {
                double[] row = new double[k - 1];
                for (int j = 0, c = 0; j < k; j++) {
                    if (j != i) {
                        row[c++] = d[i][j];
                    }
                }
                Arrays.sort(row);
                for (int j = 0; j < Math.min(neighbours, row.length); j++) {
                    score[i] += row[j];
                }
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Double.compare(score[a], score[b]));
            int m = Math.min(Math.max(1, keep), k);
            float[] out = new float[updates.get(0).values().length];
            double total = 0;
            for (int i = 0; i < m; i++) {
                total += updates.get(order[i]).numExamples();
            }
            for (int i = 0; i < m; i++) {
                ClientUpdate u = updates.get(order[i]);
                VectorMath.axpy((float) (u.numExamples() / total), u.values(), out);
            }
            return out;
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
