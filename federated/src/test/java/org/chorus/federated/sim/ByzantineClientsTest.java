package org.chorus.federated.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.chorus.client.federated.Config;
import org.chorus.client.federated.LocalTrainer;
import org.chorus.client.federated.NamedTensor;
import org.junit.jupiter.api.Test;

class ByzantineClientsTest {
    /** Always moves the weights by +1, +2. */
    static final LocalTrainer HONEST = new LocalTrainer() {
        @Override
        public FitResult fit(List<NamedTensor> weights, Config config) {
            float[] v = weights.get(0).values();
            return new FitResult(List.of(new NamedTensor("w", new long[] {2}, new float[] {v[0] + 1, v[1] + 2})), 7, Map.of("loss", 0.5));
        }

        @Override
        public EvaluateResult evaluate(List<NamedTensor> weights, Config config) {
            return new EvaluateResult(7, Map.of());
        }
    };

    static float[] fit(LocalTrainer t) throws Exception {
        return t.fit(List.of(new NamedTensor("w", new long[] {2}, new float[] {3, 5})), new Config(Map.of())).weights().get(0).values();
    }

    @Test
    void modelPoisoningActsOnTheUpdateNotTheWeights() throws Exception {
        assertThat(fit(ByzantineTrainer.of(HONEST, Attack.SIGN_FLIP, 1))).containsExactly(3 - 10, 5 - 20);
        assertThat(fit(ByzantineTrainer.of(HONEST, Attack.SCALE, 1))).containsExactly(3 + 10, 5 + 20);
        float[] random = fit(ByzantineTrainer.of(HONEST, Attack.RANDOM, 1));
        assertThat(random).isNotEqualTo(new float[] {4, 7});
        assertThat(ByzantineTrainer.of(HONEST, Attack.LABEL_FLIP, 1)).isSameAs(HONEST);
    }

    @Test
    void labelFlippingReversesTheLabelsOverTheSameImages() {
        Dataset d = new Dataset(new float[] {0.1f, 0.2f, 0.3f}, new int[] {0, 3, 9}, 1, 1, 10);

        Dataset flipped = ByzantineTrainer.labelFlipped(d);

        assertThat(flipped.labels()).containsExactly(9, 6, 0);
        assertThat(flipped.images()).isSameAs(d.images());
        assertThat(d.labels()).containsExactly(0, 3, 9);
    }

    @Test
    void optionsSelectTheAttackTheFractionAndTheDefences() {
        SimulationOptions o = SimulationOptions.parse("--clients=20", "--byzantine=0.2", "--attack=label-flip", "--norm-bound=2",
                "--dp-noise=1.5", "--dp-clip=0.5", "--dp-budget=8");

        assertThat(o.byzantineClients()).isEqualTo(4);
        assertThat(o.attack()).isEqualTo(Attack.LABEL_FLIP);
        assertThat(o.normBound()).isEqualTo(2.0);
        assertThat(o.privacy()).isEqualTo(new org.chorus.federated.PrivacySpec("central", 1.5, 0.5, null, false, 1e-5, 8));
        assertThatThrownBy(() -> SimulationOptions.parse("--attack=gaslight")).hasMessageContaining("unknown attack gaslight");
        assertThatThrownBy(() -> SimulationOptions.parse("--byzantine=1.5")).hasMessageContaining("fraction");
        assertThatThrownBy(() -> SimulationOptions.parse("--colour=red")).hasMessageContaining("unknown option --colour");
    }
}
