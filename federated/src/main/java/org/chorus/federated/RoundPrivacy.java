package org.chorus.federated;

import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.chorus.core.ChorusException;
import org.chorus.federated.secure.dp.AdaptiveClipping;
import org.chorus.federated.secure.dp.PrivacyBudget;
import org.chorus.federated.secure.dp.PrivacyLedger;
import org.chorus.federated.secure.dp.PrivacyReport;
import org.chorus.federated.strategy.Aggregated;
import org.chorus.federated.strategy.Defences;
import org.chorus.federated.strategy.Strategy;
import org.chorus.federated.strategy.StrategyState;
import org.chorus.federated.strategy.TrainAggregation;
import org.chorus.federated.tensor.Weights;

/**
 * The round loop's one hook for differential privacy and the task's defences. Before a round it decides whether the
 * privacy budget affords it; it adds the DP settings to the clients' instruction, puts norm bounding, the weight
 * bound and central DP in front of the strategy's aggregation, and after the round composes it in the RDP ledger and
 * returns the {@code dp_*} metrics. Under secure aggregation the nodes always clip, and central DP's noise goes on the
 * unmasked sum ({@link #aggregateSecureSum}). The sampling rate q is ceil(clients per round × over-selection) ÷ the nodes
 * registered in the federation: uniform selection without replacement, accounted as Poisson subsampling with that
 * q (the usual approximation); local DP is accounted with q = 1, since the server sees who sent what.
 */
final class RoundPrivacy {
    static final String SAMPLING_RATE = "dp_sampling_rate";
    static final String NOISE_MULTIPLIER = "dp_noise_multiplier";
    /** Instruction setting: append the clipped-count bit (clipRange if ‖Δ‖ ≤ C, else 0) to the masked delta. */
    static final String MASK_UNCLIPPED = "dp_mask_unclipped";

    private final TaskSpec spec;
    private final PrivacySpec p;
    private final PrivacyLedger ledger;
    private final Random random = new SecureRandom();
    private double samplingRate;

    private RoundPrivacy(TaskSpec spec, PrivacyLedger ledger) {
        this.spec = spec;
        this.p = spec.privacy();
        this.ledger = ledger;
    }

    /** At submission: central DP replaces the mean, so it needs a strategy that averages. */
    static void validate(TaskSpec spec, Strategy strategy) {
        if (spec.privacy() != null && spec.privacy().centralMode() && !strategy.weightedMean()) {
            throw ChorusException.invalid("central DP stands in for the weighted mean, and strategy " + strategy.name()
                    + " does not average updates: use fedavg, fedprox, fedavgm, fedadam, fedyogi or fedadagrad, or local DP");
        }
    }

    /** The task's DP and defence settings as tracking params (none when off). */
    static Map<String, String> params(TaskSpec spec) {
        Map<String, String> out = new HashMap<>();
        if (spec.normBound() > 0) {
            out.put("norm_bound", Double.toString(spec.normBound()));
        }
        if (spec.maxExamplesPerClient() > 0) {
            out.put("max_examples_per_client", Long.toString(spec.maxExamplesPerClient()));
        }
        PrivacySpec p = spec.privacy();
        if (p != null) {
            out.put("privacy.mode", p.mode());
            out.put("privacy.noise_multiplier", Double.toString(p.noiseMultiplier()));
            out.put("privacy.clip_norm", Double.toString(p.clipNorm()));
            out.put("privacy.adaptive_clipping", String.valueOf(p.adaptiveClipping()));
            out.put("privacy.client_side_clipping", Boolean.toString(p.clientSideClipping()));
            out.put("privacy.delta", Double.toString(p.delta()));
            out.put("privacy.epsilon_budget", Double.toString(p.epsilonBudget()));
        }
        return out;
    }

    /** Replays the q and σ of the rounds already completed, so a restarted coordinator still counts what was spent. */
    static RoundPrivacy resume(TaskSpec spec, List<Coordinator.RoundView> rounds) {
        PrivacySpec p = spec.privacy();
        if (p == null) {
            return new RoundPrivacy(spec, null);
        }
        PrivacyLedger ledger = PrivacyLedger.create(new PrivacyBudget(p.epsilonBudget() > 0 ? p.epsilonBudget() : Double.MAX_VALUE, p.delta()));
        for (Coordinator.RoundView r : rounds) {
            if (r.status().equals("completed") && r.metrics().containsKey(SAMPLING_RATE)) {
                ledger.recordRound(r.metrics().get(SAMPLING_RATE), r.metrics().get(NOISE_MULTIPLIER));
            }
        }
        return new RoundPrivacy(spec, ledger);
    }

    /** Null when the next round may run, else why the task ends (completed) before it. */
    String beforeRound(int federationSize) {
        if (p == null) {
            return null;
        }
        int selected = (int) Math.ceil(spec.clientsPerRound() * spec.overSelection() - 1e-9);
        samplingRate = p.centralMode() ? Math.min(1.0, selected / (double) Math.max(1, federationSize)) : 1.0;
        if (ledger.canAfford(samplingRate, p.noiseMultiplier())) {
            return null;
        }
        return String.format(Locale.ROOT, "privacy budget reached after %d rounds (ε = %.4f of %s at δ = %s; one more round would exceed it)",
                ledger.rounds(), ledger.accountant().epsilon(p.delta()).epsilon(), p.epsilonBudget(), p.delta());
    }

    /**
     * The clients' settings plus what they must do before sending: clip (client-side clipping, always under secure
     * aggregation, where the coordinator never sees an update to clip) or clip and noise (local DP).
     */
    Map<String, Object> instruction(Map<String, Object> config, StrategyState state) {
        if (p == null || (p.centralMode() && !clientsClip())) {
            return config;
        }
        Map<String, Object> out = new HashMap<>(config);
        out.put("dp_mode", p.centralMode() ? "clip" : "local");
        out.put("dp_clip_norm", clipNorm(state));
        if (!p.centralMode()) {
            out.put("dp_noise_multiplier", p.noiseMultiplier());
        }
        if (masksUnclippedBit()) {
            out.put(MASK_UNCLIPPED, true);
        }
        return out;
    }

    /** Adaptive clipping under secure aggregation: each node masks its clipped-count bit as one more coordinate. */
    boolean masksUnclippedBit() {
        return p != null && p.adaptiveClipping() != null && spec.secureAggregation() != null;
    }

    /** Weight bound and norm bounding first, then central DP, in front of the strategy's own aggregation. */
    TrainAggregation aggregation(TrainAggregation strategy, Weights global, StrategyState state) {
        TrainAggregation a = centralDp() ? Defences.centralDp(strategy, global, centralDpRound(state), random) : strategy;
        return Defences.guard(a, spec.maxExamplesPerClient(), spec.normBound());
    }

    /** Whether the round's mean is DP-FedAvg's noisy mean rather than the strategy's weighted mean. */
    boolean centralDp() {
        return p != null && p.centralMode();
    }

    /** Central DP under secure aggregation: N(0, (σC)²) once on the unmasked sum of clipped deltas, then the strategy. */
    Aggregated aggregateSecureSum(TrainAggregation strategy, Weights global, StrategyState state, Defences.SecureSum sum) {
        return Defences.centralDpOfSecureSum(strategy, global, centralDpRound(state), random, sum, List.of());
    }

    private Defences.CentralDpRound centralDpRound(StrategyState state) {
        double c = clipNorm(state);
        PrivacySpec.Adaptive ad = p.adaptiveClipping();
        double sumNoise = ad == null ? p.noiseMultiplier() : AdaptiveClipping.updateNoiseMultiplier(p.noiseMultiplier(), ad.countNoise());
        AdaptiveClipping adaptive = ad == null ? null : new AdaptiveClipping(c, ad.targetQuantile(), ad.learningRate(), ad.countNoise());
        return new Defences.CentralDpRound(c, sumNoise, spec.clientsPerRound(), clientsClip(), adaptive);
    }

    private boolean clientsClip() {
        return p.clientSideClipping() || spec.secureAggregation() != null;
    }

    /** Composes the round just aggregated (from {@code state} as it was when the round began) and returns its metrics. */
    Map<String, Double> afterRound(StrategyState state) {
        if (p == null) {
            return Map.of();
        }
        PrivacyReport r = ledger.recordRound(samplingRate, p.noiseMultiplier());
        return Map.of("dp_epsilon", r.epsilon(), "dp_delta", r.delta(), NOISE_MULTIPLIER, p.noiseMultiplier(),
                "dp_clip_norm", clipNorm(state), SAMPLING_RATE, samplingRate);
    }

    private double clipNorm(StrategyState state) {
        float[] adapted = state.tensors().get(Defences.CLIP_NORM_STATE);
        return adapted == null ? p.clipNorm() : adapted[0];
    }
}
