package org.chorus.client.federated;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.chorus.federated.secure.dp.L2Clipping;
import org.chorus.federated.secure.dp.LocalDp;

/**
 * What the node does to its update before it leaves, as the instruction asks: {@code dp_mode=clip} scales
 * Δ = trained − received to ‖Δ‖₂ ≤ {@code dp_clip_norm} and reports adaptive clipping's bit ({@code dp_unclipped});
 * {@code dp_mode=local} also adds N(0, (dp_noise_multiplier·C)²) to every coordinate (local DP), so the coordinator
 * never sees the exact update. No {@code dp_mode}: the trainer's result is sent as is.
 */
final class ClientPrivacy {
    static final String UNCLIPPED = "dp_unclipped";
    private final Random random;

    ClientPrivacy(Random random) {
        this.random = random;
    }

    static ClientPrivacy secure() {
        return new ClientPrivacy(new SecureRandom());
    }

    /**
     * The metrics a node may send in clear beside its masked input: all but the clipped bit, which under secure
     * aggregation would tell the coordinator whether this node's update was larger than C.
     */
    static Map<String, Double> inClear(Map<String, Double> metrics) {
        Map<String, Double> out = new HashMap<>(metrics);
        out.remove(UNCLIPPED);
        return out;
    }

    LocalTrainer.FitResult apply(List<NamedTensor> received, LocalTrainer.FitResult result, Config config) {
        String mode = config.getString("dp_mode", "");
        if (mode.isEmpty()) {
            return result;
        }
        double clipNorm = config.getDouble("dp_clip_norm", Double.NaN);
        List<NamedTensor> trained = result.weights();
        if (trained.size() != received.size()) {
            throw new IllegalStateException("the trainer returned " + trained.size() + " tensors for " + received.size() + " received");
        }
        float[] delta = new float[received.stream().mapToInt(t -> t.values().length).sum()];
        int at = 0;
        for (int t = 0; t < received.size(); t++) {
            float[] before = received.get(t).values();
            float[] after = trained.get(t).values();
            for (int i = 0; i < before.length; i++) {
                delta[at++] = after[i] - before[i];
            }
        }
        Map<String, Double> metrics = new HashMap<>(result.metrics());
        switch (mode) {
            case "clip" -> metrics.put(UNCLIPPED, L2Clipping.clipInPlace(delta, clipNorm) <= clipNorm ? 1.0 : 0.0);
            case "local" -> LocalDp.privatize(delta, clipNorm, config.getDouble("dp_noise_multiplier", Double.NaN), random);
            default -> throw new IllegalStateException("unknown dp_mode " + mode + " (clip, local)");
        }
        List<NamedTensor> sent = new ArrayList<>();
        at = 0;
        for (NamedTensor t : received) {
            float[] v = new float[t.values().length];
            for (int i = 0; i < v.length; i++) {
                v[i] = t.values()[i] + delta[at++];
            }
            sent.add(new NamedTensor(t.name(), t.shape(), v));
        }
        return new LocalTrainer.FitResult(sent, result.numExamples(), metrics);
    }
}
