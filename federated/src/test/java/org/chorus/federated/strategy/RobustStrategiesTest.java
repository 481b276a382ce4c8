package org.chorus.federated.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.chorus.federated.strategy.StrategyFixtures.run;
import static org.chorus.federated.strategy.StrategyFixtures.update;
import static org.chorus.federated.strategy.StrategyFixtures.weights;

import java.util.Map;
import org.chorus.federated.tensor.Weights;
import org.junit.jupiter.api.Test;

class RobustStrategiesTest {
    final Weights global = weights(0f, 0f);

    @Test
    void fedMedianTakesTheCoordinateWiseMedianIgnoringAnOutlier() {
        Aggregated r = run(Strategy.create("fedmedian", Map.of()), global, StrategyState.EMPTY,
                update("a", 1, null, 1f, 10f), update("b", 5, null, 2f, 20f), update("c", 1, null, 1000f, -5f));
        assertThat(r.values()).containsExactly(2f, 10f);
    }

    @Test
    void fedMedianOfAnEvenCountAveragesTheMiddlePair() {
        Aggregated r = run(Strategy.create("fedmedian", Map.of()), global, StrategyState.EMPTY,
                update("a", 1, null, 1f, 0f), update("b", 1, null, 2f, 0f), update("c", 1, null, 4f, 0f), update("d", 1, null, 9f, 0f));
        assertThat(r.values()[0]).isEqualTo(3f);
    }

    @Test
    void fedTrimmedAvgDropsTheExtremesBeforeAveraging() {
        // 5 updates, beta 0.2 → drop 1 from each end: mean of {2, 3, 4}
        Aggregated r = run(Strategy.create("fedtrimmedavg", Map.of("beta", 0.2)), global, StrategyState.EMPTY,
                update("a", 1, null, -100f, 0f), update("b", 1, null, 2f, 0f), update("c", 1, null, 3f, 0f),
                update("d", 1, null, 4f, 0f), update("e", 1, null, 100f, 0f));
        assertThat(r.values()[0]).isEqualTo(3f);
    }

    @Test
    void krumPicksTheUpdateClosestToItsNeighbours() {
        // k = 4, f = 1 → 1 nearest neighbour. Scores: a 1, b 1, c 4, d (far) 81·… → a (first of the tie)
        Aggregated r = run(Strategy.create("krum", Map.of("num_malicious", 1.0)), global, StrategyState.EMPTY,
                update("a", 1, null, 0f, 0f), update("b", 1, null, 1f, 0f), update("c", 1, null, 3f, 0f), update("d", 1, null, 50f, 0f));
        assertThat(r.values()[0]).isIn(0f, 1f);
    }

    @Test
    void multiKrumAveragesTheBestByExampleCount() {
        Aggregated r = run(Strategy.create("multikrum", Map.of("num_malicious", 1.0, "keep", 2.0)), global, StrategyState.EMPTY,
                update("a", 1, null, 0f, 0f), update("b", 3, null, 1f, 0f), update("c", 1, null, 3f, 0f), update("d", 1, null, 50f, 0f));
        // a and b score lowest (1 each); (1·0 + 3·1)/4
        assertThat((double) r.values()[0]).isCloseTo(0.75, within(1e-6));
    }

    /** 11 updates near 1.0 in 50 coordinates, the given ones replaced by attackers. */
    static ClientUpdate[] honestAround1(long seed) {
        java.util.Random random = new java.util.Random(seed);
        ClientUpdate[] updates = new ClientUpdate[11];
        for (int i = 0; i < updates.length; i++) {
            float[] v = new float[50];
            for (int j = 0; j < v.length; j++) {
                v[j] = (float) (1.0 + 0.1 * random.nextGaussian());
            }
            updates[i] = update("c" + i, 1, null, v);
        }
        return updates;
    }

    @Test
    void bulyanIgnoresScaledAndSignFlippedAttackersThatRuinTheMean() {
        // Prepare: 11 clients, 2 Byzantine (n = 4f + 3)
        ClientUpdate[] updates = honestAround1(1);
        org.chorus.federated.secure.robust.ByzantineAttacks.scale(updates[3].values(), 100);
        org.chorus.federated.secure.robust.ByzantineAttacks.signFlip(updates[8].values(), 50);
        Weights zero = weights(new float[50]);

        // Execute
        Aggregated bulyan = run(Strategy.create("bulyan", Map.of("num_malicious", 2.0)), zero, StrategyState.EMPTY, updates);
        Aggregated mean = run(Strategy.create("fedavg", Map.of()), zero, StrategyState.EMPTY, updates);

        // Assert
        for (float v : bulyan.values()) {
            assertThat(v).isCloseTo(1.0f, within(0.15f));
        }
        assertThat(Math.abs(mean.values()[0] - 1.0f)).isGreaterThan(1.0f);
        assertThat(bulyan.metrics()).containsEntry("clients", 11.0);
    }

    @Test
    void iteratedKrumSelectionLeavesTheOutliersOut() {
        // Prepare: two random-noise attackers among 11
        ClientUpdate[] updates = honestAround1(2);
        java.util.Random random = new java.util.Random(3);
        org.chorus.federated.secure.robust.ByzantineAttacks.randomNoise(updates[0].values(), 30, random);
        org.chorus.federated.secure.robust.ByzantineAttacks.randomNoise(updates[10].values(), 30, random);

        // Execute
        int[] selected = KrumSelection.iterated(KrumSelection.distances(java.util.List.of(updates)), 2, 7);

        // Assert
        assertThat(selected).doesNotContain(0, 10).doesNotHaveDuplicates().hasSize(7);
    }

    @Test
    void bulyanRefusesARoundWithTooFewReportsForItsGuarantee() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> run(Strategy.create("bulyan", Map.of("num_malicious", 2.0)), global,
                StrategyState.EMPTY, update("a", 1, null, 0f, 0f), update("b", 1, null, 1f, 0f))).hasMessageContaining("n >= 4f + 3");
    }

    @Test
    void fedBuffStepsByStalenessScaledExampleWeightedDeltas() {
        Strategy s = Strategy.create("fedbuff", Map.of("server_lr", 1.0));
        TrainAggregation a = s.aggregateTrain(1, weights(10f), StrategyState.EMPTY);
        // fresh: delta +2 from base 10, n=1; stale by 3: delta +4 from base 8, n=1, scaled by 1/2
        a.accept(new ClientUpdate("a", new float[] {12f}, new float[] {10f}, 1, 0, Map.of()));
        a.accept(new ClientUpdate("b", new float[] {12f}, new float[] {8f}, 1, 3, Map.of()));
        Aggregated r = a.finish(java.util.List.of());
        // (1·1·2 + 1·0.5·4)/2 = 2 → 12
        assertThat(s.asynchronous()).isTrue();
        assertThat(r.values()).containsExactly(12f);
        assertThat(r.metrics()).containsEntry("mean_staleness", 1.5);
    }
}
