package org.chorus.federated.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.chorus.federated.strategy.StrategyFixtures.run;
import static org.chorus.federated.strategy.StrategyFixtures.update;
import static org.chorus.federated.strategy.StrategyFixtures.weights;

import java.util.List;
import java.util.Map;
import org.chorus.federated.tensor.Weights;
import org.junit.jupiter.api.Test;

class MeanStrategiesTest {
    final Weights global = weights(1f, 1f);

    @Test
    void fedAvgWeightsByExampleCountAndAveragesMetrics() {
        // Prepare
        Strategy s = Strategy.create("fedavg", Map.of());
        // Execute
        Aggregated r = run(s, global, StrategyState.EMPTY,
                update("a", 1, global.values(), 2f, 0f), update("b", 3, global.values(), 6f, 4f));
        // Assert: (1·2 + 3·6)/4 = 5, (1·0 + 3·4)/4 = 3; loss = (1·1 + 3·3)/4
        assertThat(r.values()).containsExactly(5f, 3f);
        assertThat(r.metrics()).containsEntry("loss", 2.5).containsEntry("clients", 2.0).containsEntry("failures", 1.0);
    }

    @Test
    void fedProxSendsProximalMuAndAveragesLikeFedAvg() {
        Strategy s = Strategy.create("fedprox", Map.of("proximal_mu", 0.1));
        Selection sel = s.configureTrain(new RoundContext(2, List.of("a", "b"), 2, 1.0, 7, Map.of("epochs", 1L)));
        Aggregated r = run(s, global, StrategyState.EMPTY, update("a", 1, global.values(), 2f, 0f), update("b", 1, global.values(), 4f, 0f));
        assertThat(sel.config()).containsEntry("proximal_mu", 0.1).containsEntry("epochs", 1L).containsEntry("round", 2L);
        assertThat(sel.nodes()).containsExactlyInAnyOrder("a", "b");
        assertThat(r.values()).containsExactly(3f, 0f);
    }

    @Test
    void overSelectionPicksThirtyPercentMoreNodesReproducibly() {
        List<String> nodes = java.util.stream.IntStream.range(0, 100).mapToObj(i -> "n" + i).toList();
        RoundContext c = new RoundContext(3, nodes, 10, 1.3, 42, Map.of());
        Selection first = Strategy.create("fedavg", Map.of()).configureTrain(c);
        Selection again = Strategy.create("fedavg", Map.of()).configureTrain(c);
        assertThat(first.nodes()).hasSize(13).doesNotHaveDuplicates().isEqualTo(again.nodes());
    }

    @Test
    void fedAvgMAppliesServerMomentumAcrossRounds() {
        Strategy s = Strategy.create("fedavgm", Map.of("server_lr", 1.0, "server_momentum", 0.5));
        // round 1: mean 3 → pseudo-gradient 1−3 = −2, v = −2, global = 1 + 2 = 3
        Aggregated r1 = run(s, weights(1f), StrategyState.EMPTY, update("a", 1, null, 3f));
        // round 2: global 3, mean 4 → g = −1, v = 0.5·(−2) − 1 = −2, global = 3 + 2 = 5
        Aggregated r2 = run(s, weights(r1.values()), r1.state(), update("a", 1, null, 4f));
        assertThat(r1.values()).containsExactly(3f);
        assertThat(r2.values()).containsExactly(5f);
    }

    @Test
    void fedAdamFedYogiFedAdagradFollowReddiEtAl() {
        // Δ = 3 − 1 = 2, m = 0.1·2 = 0.2
        Map<String, Double> p = Map.of("eta", 0.5, "beta_1", 0.9, "beta_2", 0.99, "tau", 0.01);
        float adam = run(Strategy.create("fedadam", p), global, StrategyState.EMPTY, update("a", 1, null, 3f, 1f)).values()[0];
        float yogi = run(Strategy.create("fedyogi", p), global, StrategyState.EMPTY, update("a", 1, null, 3f, 1f)).values()[0];
        Aggregated ada = run(Strategy.create("fedadagrad", p), global, StrategyState.EMPTY, update("a", 1, null, 3f, 1f));
        // Adam: v = 0.01·4 = 0.04 → 1 + 0.5·0.2/(0.2+0.01); Yogi: v = 0 − 0.01·4·sign(0−4) = 0.04, same; Adagrad: v = 4
        assertThat((double) adam).isCloseTo(1 + 0.5 * 0.2 / (0.2 + 0.01), within(1e-6));
        assertThat((double) yogi).isCloseTo(1 + 0.5 * 0.2 / (0.2 + 0.01), within(1e-6));
        assertThat((double) ada.values()[0]).isCloseTo(1 + 0.5 * 0.2 / (2 + 0.01), within(1e-6));
        assertThat(ada.values()[1]).isEqualTo(1f);
        assertThat(ada.state().tensors().get("v")).containsExactly(4f, 0f);
    }

    @Test
    void unknownParameterIsRejectedWithTheAcceptedOnes() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Strategy.create("fedprox", Map.of("mu", 1.0)))
                .hasMessageContaining("proximal_mu");
    }
}
