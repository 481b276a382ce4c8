package org.chorus.federated.secure.secagg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class UnmaskedSumEqualsPlainSumTest {

    static int[] ids(int n) {
        return IntStream.rangeClosed(1, n).map(i -> i * 7).toArray();
    }

    static void assertSumMatches(InMemoryRound round, AggregateResult result) {
        var contributors = Arrays.stream(result.contributors()).boxed().toList();
        double[] plain = round.plainWeightedSum(contributors);
        double tolerance = round.config.quantizer().valueTolerance(contributors.size()) + 1e-3;
        for (int i = 0; i < plain.length; i++) {
            assertThat((double) result.weightedSum()[i]).as("coordinate %d", i).isCloseTo(plain[i], within(tolerance));
        }
        double weights = contributors.stream().mapToDouble(round.weights::get).sum();
        assertThat(result.totalWeight()).isCloseTo(weights, within(round.config.quantizer().weightTolerance(contributors.size()) + 1e-9));
    }

    @Test
    void completeGraphSecAggRecoversTheWeightedSum() {
        // Prepare
        SecAggConfig config = SecAggConfig.secAgg(11, ids(8), 500, 0.5, 100);
        InMemoryRound round = new InMemoryRound(config, 1);

        // Execute
        AggregateResult result = round.run();

        // Assert
        assertThat(result.contributors()).containsExactly(ids(8));
        assertSumMatches(round, result);
    }

    @Test
    void secAggPlusWithSparseNeighbourhoodsRecoversTheWeightedSum() {
        // Prepare: 64 clients, k = 18 neighbours, t = 10
        SecAggConfig config = SecAggConfig.secAggPlus(12, ids(64), 300, 2.0, 50, 99);
        InMemoryRound round = new InMemoryRound(config, 2);

        // Execute
        AggregateResult result = round.run();

        // Assert
        assertThat(config.neighbours()).isEqualTo(18);
        assertThat(config.threshold()).isEqualTo(10);
        assertThat(result.contributors()).hasSize(64);
        assertSumMatches(round, result);
    }

    @Test
    void weightedMeanIsWhatFedAvgWouldCompute() {
        // Prepare
        SecAggConfig config = SecAggConfig.secAgg(13, ids(5), 50, 1.0, 1000);
        InMemoryRound round = new InMemoryRound(config, 3);

        // Execute
        AggregateResult result = round.run();

        // Assert
        double totalWeight = round.weights.values().stream().mapToDouble(Double::doubleValue).sum();
        double[] plain = round.plainWeightedSum(round.clients.keySet());
        for (int i = 0; i < plain.length; i++) {
            assertThat((double) result.weightedMean()[i]).isCloseTo(plain[i] / totalWeight, within(1e-4));
        }
    }

    @Test
    void valuesBeyondTheClipRangeAreClippedNotWrapped() {
        // Prepare
        SecAggConfig config = SecAggConfig.secAgg(14, ids(3), 4, 1.0, 1);
        InMemoryRound round = new InMemoryRound(config, 4);
        for (int id : ids(3)) {
            round.updates.put(id, new float[] {1e9f, -1e9f, 0.5f, -0.25f});
            round.weights.put(id, 1.0);
        }

        // Execute
        AggregateResult result = round.run();

        // Assert
        assertThat(result.weightedSum()[0]).isCloseTo(3f, within(1e-5f));
        assertThat(result.weightedSum()[1]).isCloseTo(-3f, within(1e-5f));
        assertThat(result.weightedSum()[2]).isCloseTo(1.5f, within(1e-5f));
        assertThat(result.weightedSum()[3]).isCloseTo(-0.75f, within(1e-5f));
    }
}
