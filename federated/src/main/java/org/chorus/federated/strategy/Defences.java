package org.chorus.federated.strategy;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.chorus.federated.secure.dp.AdaptiveClipping;
import org.chorus.federated.tensor.Weights;

/** What the round loop puts in front of a strategy's aggregation: the task's defences and central DP. */
public final class Defences {
    /** Strategy-state entry holding the clip norm adaptive clipping chose for the next round. */
    public static final String CLIP_NORM_STATE = "dp.clip_norm";
    /** Metric a client that clipped its own update reports: 1 when its norm was within C (adaptive clipping's bit). */
    public static final String UNCLIPPED_METRIC = "dp_unclipped";

    private Defences() {}

    /**
     * One round of central DP: clip to {@code clipNorm}, add N(0, (sumNoiseMultiplier·clipNorm)²) to the sum, divide
     * by {@code expectedClients}; with {@code clientSideClipping} updates arrive clipped and are only checked;
     * {@code adaptive} (null when C is fixed) moves C towards a quantile of the norms for the next round.
     */
    public record CentralDpRound(double clipNorm, double sumNoiseMultiplier, double expectedClients, boolean clientSideClipping,
                                 AdaptiveClipping adaptive) {}

    /**
     * The unmasked sum of a secure round: Σ Δ over {@code clients} deltas their clients clipped, each weighing 1, and
     * the number of those within C (adaptive clipping's count; 0 when C is fixed).
     */
    public record SecureSum(float[] clippedDeltaSum, int clients, int unclipped, Map<String, Double> meanMetrics) {}

    /** Rejects a weight above {@code maxExamplesPerClient} and bounds each Δ to {@code normBound} (0 turns either off). */
    public static TrainAggregation guard(TrainAggregation inner, long maxExamplesPerClient, double normBound) {
        return maxExamplesPerClient <= 0 && normBound <= 0 ? inner : new UpdateGuard(inner, maxExamplesPerClient, normBound);
    }

    /** DP-FedAvg over a weighted-mean strategy's aggregation; {@code random} draws the noise (a SecureRandom in production). */
    public static TrainAggregation centralDp(TrainAggregation inner, Weights global, CentralDpRound round, Random random) {
        return new CentralDp(inner, global.values(), round, random);
    }

    /** DP-FedAvg over a secure round's sum: the same noise and division as {@link #centralDp}, applied once to the sum. */
    public static Aggregated centralDpOfSecureSum(TrainAggregation inner, Weights global, CentralDpRound round, Random random,
                                                  SecureSum sum, List<Failure> failures) {
        CentralDp dp = new CentralDp(inner, global.values(), round, random);
        dp.acceptClippedSum(sum.clippedDeltaSum(), sum.clients(), sum.unclipped(), sum.meanMetrics());
        return dp.finish(failures);
    }
}
