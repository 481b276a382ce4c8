package org.chorus.federated;

import java.util.Locale;
import java.util.Set;
import org.chorus.core.ChorusException;

/**
 * A task's secure-aggregation settings: {@code mode} "secagg" (every pair of a group masks) or "secagg+" (a sparse
 * random graph, Bell et al. 2020); each node clips its delta to [−clipRange, clipRange] per coordinate and weighs it
 * by its example count capped at {@code maxWeight}; with {@code groupSize} > 0 the selected nodes are split into
 * groups of at least that many, each aggregated securely on its own, and the group sums are added (hierarchical
 * aggregation, Bonawitz et al. 2019); 0 means one group.
 */
public record SecureAggregation(String mode, double clipRange, double maxWeight, int groupSize) {
    /** Strategies that need only the weighted mean of the updates, which is all a secure round reveals. */
    static final Set<String> MEAN_STRATEGIES = Set.of("fedavg", "fedprox", "fedavgm", "fedadam", "fedyogi", "fedadagrad");

    public SecureAggregation {
        mode = mode == null ? "secagg+" : mode.toLowerCase(Locale.ROOT);
        require(mode.equals("secagg") || mode.equals("secagg+"), "secure aggregation mode must be secagg or secagg+, got " + mode);
        require(Double.isFinite(clipRange) && clipRange > 0, "secure aggregation clipRange must be a positive number");
        require(Double.isFinite(maxWeight) && maxWeight >= 1, "secure aggregation maxWeight must be at least 1 (it caps example counts)");
        require(groupSize == 0 || groupSize >= 3, "secure aggregation groupSize must be 0 (one group) or at least 3");
    }

    boolean plus() {
        return mode.equals("secagg+");
    }

    /** Refuses strategies that need to see individual updates, which secure aggregation hides by design. */
    static void checkStrategy(String strategy) {
        require(strategy != null && MEAN_STRATEGIES.contains(strategy.toLowerCase(Locale.ROOT)), "strategy " + strategy
                + " needs individual updates, which secure aggregation hides; use one of " + new java.util.TreeSet<>(MEAN_STRATEGIES));
    }

    /**
     * Differential privacy under secure aggregation: the nodes clip Δ to L2 norm C before masking, so every coordinate
     * lies within ±C and R ≥ C leaves it untouched. Central DP sums the clipped deltas unweighted: a weight up to W
     * would make one node's sensitivity W·C, so W must be 1. (Adaptive clipping may later move C above R: coordinates
     * beyond ±R are then clipped again, which only shrinks the norm: some bias, no privacy lost.)
     */
    static void checkPrivacy(SecureAggregation sa, PrivacySpec p) {
        require(sa.clipRange() >= p.clipNorm(), "secure aggregation clipRange " + sa.clipRange() + " is below privacy clipNorm "
                + p.clipNorm() + ": a delta clipped to L2 norm C has coordinates within ±C, and a smaller clipRange would clip"
                + " them again and bias the sum; set clipRange ≥ clipNorm");
        if (p.centralMode()) {
            require(sa.maxWeight() == 1, "central differential privacy under secure aggregation sums the clipped updates"
                    + " unweighted (a node weighing W would have sensitivity W·clipNorm): set secure aggregation maxWeight to 1");
        }
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw ChorusException.invalid(message);
        }
    }
}
