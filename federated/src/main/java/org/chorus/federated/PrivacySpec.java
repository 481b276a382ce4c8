package org.chorus.federated;

import org.chorus.core.ChorusException;

/**
 * A task's differential privacy. {@code central}: the coordinator clips each client's update to {@code clipNorm}
 * (or checks it, when {@code clientSideClipping} asks the clients to clip), adds N(0, (σ·C)²) to the sum and divides
 * by the expected cohort (DP-FedAvg); {@code adaptiveClipping} (null: fixed C) follows a quantile of the update norms.
 * {@code local}: every client clips and adds its own N(0, (σ·C)²) before sending. Either way an RDP accountant
 * reports (ε, {@code delta}) after every round, and the task stops before a round that would take ε past
 * {@code epsilonBudget} (0: no budget, report only).
 */
public record PrivacySpec(String mode, double noiseMultiplier, double clipNorm, Adaptive adaptiveClipping,
                          boolean clientSideClipping, double delta, double epsilonBudget) {

    /**
     * Andrew et al. 2021: C ← C·exp(−learningRate·(b̃ − targetQuantile)), b̃ the fraction of clients within C with
     * N(0, countNoise²) added to their count; the paper uses countNoise = expected cohort / 20.
     */
    public record Adaptive(double targetQuantile, double learningRate, double countNoise) {}

    public PrivacySpec {
        require("central".equals(mode) || "local".equals(mode), "privacy mode must be central or local, got " + mode);
        require(noiseMultiplier > 0 && Double.isFinite(noiseMultiplier), "privacy noiseMultiplier must be a positive number");
        require(clipNorm > 0 && Double.isFinite(clipNorm), "privacy clipNorm must be a positive number");
        require(delta > 0 && delta < 1, "privacy delta must be in (0, 1)");
        require(epsilonBudget >= 0 && Double.isFinite(epsilonBudget), "privacy epsilonBudget must be a non-negative number (0: none)");
        if (adaptiveClipping != null) {
            require("central".equals(mode), "adaptive clipping needs central DP (local DP has no server-side count)");
            require(adaptiveClipping.targetQuantile() > 0 && adaptiveClipping.targetQuantile() < 1, "adaptive targetQuantile must be in (0, 1)");
            require(adaptiveClipping.learningRate() > 0 && Double.isFinite(adaptiveClipping.learningRate()), "adaptive learningRate must be positive");
            require(adaptiveClipping.countNoise() > noiseMultiplier / 2, "adaptive countNoise must exceed noiseMultiplier / 2 ("
                    + noiseMultiplier / 2 + ") so the count's share of the noise leaves some for the update sum");
        }
    }

    public static PrivacySpec central(double noiseMultiplier, double clipNorm, double delta, double epsilonBudget) {
        return new PrivacySpec("central", noiseMultiplier, clipNorm, null, false, delta, epsilonBudget);
    }

    public static PrivacySpec local(double noiseMultiplier, double clipNorm, double delta, double epsilonBudget) {
        return new PrivacySpec("local", noiseMultiplier, clipNorm, null, true, delta, epsilonBudget);
    }

    public PrivacySpec withAdaptiveClipping(Adaptive adaptive) {
        return new PrivacySpec(mode, noiseMultiplier, clipNorm, adaptive, clientSideClipping, delta, epsilonBudget);
    }

    public PrivacySpec withClientSideClipping() {
        return new PrivacySpec(mode, noiseMultiplier, clipNorm, adaptiveClipping, true, delta, epsilonBudget);
    }

    boolean central() {
        return "central".equals(mode);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw ChorusException.invalid(message);
        }
    }
}
