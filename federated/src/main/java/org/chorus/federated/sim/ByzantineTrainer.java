package org.chorus.federated.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.chorus.client.federated.Config;
import org.chorus.client.federated.LocalTrainer;
import org.chorus.client.federated.NamedTensor;
import org.chorus.federated.secure.robust.ByzantineAttacks;

/**
 * A Byzantine client for the simulation: it trains like its honest peer, then poisons the update with
 * {@link ByzantineAttacks} before the SDK sends it (label flipping happens in the data it is given instead).
 */
final class ByzantineTrainer implements LocalTrainer {
    private final LocalTrainer honest;
    private final Attack attack;
    private final Random random;

    ByzantineTrainer(LocalTrainer honest, Attack attack, long seed) {
        this.honest = honest;
        this.attack = attack;
        this.random = new Random(seed);
    }

    /** The client's trainer: {@code honest} itself for label flipping (its data is already poisoned), else wrapped. */
    static LocalTrainer of(LocalTrainer honest, Attack attack, long seed) {
        return attack == Attack.LABEL_FLIP ? honest : new ByzantineTrainer(honest, attack, seed);
    }

    /** Labels l → classes − 1 − l over the same images: what a label-flipping client trains on. */
    static Dataset labelFlipped(Dataset d) {
        int[] labels = d.labels().clone();
        ByzantineAttacks.permuteLabels(labels, ByzantineAttacks.reversedLabels(d.classes()));
        return new Dataset(d.images(), labels, d.rows(), d.cols(), d.classes());
    }

    @Override
    public FitResult fit(List<NamedTensor> weights, Config config) throws Exception {
        FitResult r = honest.fit(weights, config);
        List<NamedTensor> poisoned = new ArrayList<>();
        for (int t = 0; t < weights.size(); t++) {
            float[] before = weights.get(t).values();
            float[] delta = r.weights().get(t).values().clone();
            for (int i = 0; i < delta.length; i++) {
                delta[i] -= before[i];
            }
            switch (attack) {
                case SIGN_FLIP -> ByzantineAttacks.signFlip(delta, Attack.SIGN_FLIP_SCALE);
                case SCALE -> ByzantineAttacks.scale(delta, Attack.SCALE_FACTOR);
                case RANDOM -> ByzantineAttacks.randomNoise(delta, Attack.RANDOM_STDDEV, random);
                case LABEL_FLIP -> throw new IllegalStateException("label flipping poisons the data, not the update");
            }
            for (int i = 0; i < delta.length; i++) {
                delta[i] += before[i];
            }
            poisoned.add(new NamedTensor(weights.get(t).name(), weights.get(t).shape(), delta));
        }
        return new FitResult(poisoned, r.numExamples(), r.metrics());
    }

    @Override
    public EvaluateResult evaluate(List<NamedTensor> weights, Config config) throws Exception {
        return honest.evaluate(weights, config);
    }
}
