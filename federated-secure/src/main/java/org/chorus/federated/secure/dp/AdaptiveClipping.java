package org.chorus.federated.secure.dp;

import java.util.Random;

/**
 * Adaptive clipping (Andrew, Thakkar, McMahan, Ramaswamy 2021, "Differentially Private Learning with Adaptive
 * Clipping", NeurIPS): the clip norm follows a target quantile γ of the update norms by the geometric update
 * C ← C · exp(−η · (b̃ − γ)), where b̃ = (Σ 1[‖Δ_i‖ ≤ C] + N(0, σ_b²)) / m is the noisy fraction of unclipped
 * clients over the expected cohort size m. The count query spends privacy too; to keep the round's total at
 * noise multiplier σ, the update sum uses σ_Δ = (σ^−2 − (2σ_b)^−2)^−1/2 (their §3).
 *
 * @param clipNorm current C
 * @param targetQuantile γ in (0, 1), e.g. 0.5 for the median norm
 * @param learningRate η, e.g. 0.2
 * @param countStddev σ_b, the stddev of the noise on the unclipped count (the paper uses m/20)
 */
public record AdaptiveClipping(double clipNorm, double targetQuantile, double learningRate, double countStddev) {

    public AdaptiveClipping {
        if (!(clipNorm > 0) || !(targetQuantile > 0 && targetQuantile < 1) || !(learningRate > 0) || !(countStddev >= 0)) {
            throw new IllegalArgumentException("need clipNorm > 0, targetQuantile in (0, 1), learningRate > 0, countStddev >= 0");
        }
    }

    /** The state for the next round, from this round's count of clients with ‖Δ‖ ≤ C. */
    public AdaptiveClipping next(int unclippedCount, double expectedClients, Random random) {
        double noisyFraction = (unclippedCount + random.nextGaussian() * countStddev) / expectedClients;
        double updated = clipNorm * Math.exp(-learningRate * (noisyFraction - targetQuantile));
        return new AdaptiveClipping(updated, targetQuantile, learningRate, countStddev);
    }

    /**
     * The noise multiplier for the update sum so that update and count together are as private as one Gaussian
     * query with {@code totalNoiseMultiplier}; requires σ_b &gt; σ/2 in units of the count's sensitivity (1).
     */
    public static double updateNoiseMultiplier(double totalNoiseMultiplier, double countNoiseMultiplier) {
        double remaining = Math.pow(totalNoiseMultiplier, -2) - Math.pow(2 * countNoiseMultiplier, -2);
        if (!(remaining > 0)) {
            throw new IllegalArgumentException("count noise " + countNoiseMultiplier + " too small for total noise "
                    + totalNoiseMultiplier + ": need countNoise > total/2");
        }
        return 1 / Math.sqrt(remaining);
    }
}
