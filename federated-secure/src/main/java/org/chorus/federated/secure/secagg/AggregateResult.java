package org.chorus.federated.secure.secagg;

/**
 * What the server learns from a round: Σ w_u·clip(x_u) over the contributing clients, Σ w_u, and who contributed
 * (clients whose masked input was included). Nothing about any single client beyond that.
 */
public record AggregateResult(float[] weightedSum, double totalWeight, int[] contributors) {

    /** The weighted mean Σ w·x / Σ w, as FedAvg needs it; zeros if the total weight is 0. */
    public float[] weightedMean() {
        float[] mean = new float[weightedSum.length];
        if (totalWeight > 0) {
            for (int i = 0; i < mean.length; i++) {
                mean[i] = (float) (weightedSum[i] / totalWeight);
            }
        }
        return mean;
    }
}
