package org.chorus.federated.secure.secagg;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * What the server receives from one client must look like uniform noise over Z_{2^32}. Chi-square test on the top
 * 4 bits (16 bins) of 40,000 coordinates: with 15 degrees of freedom the 99.9% quantile is 37.70.
 */
class ServerSeesOnlyUniformNoiseTest {
    private static final double CHI2_15_999 = 37.70;

    static double chiSquareOfTopBits(int[] values, int from, int to) {
        long[] bins = new long[16];
        for (int i = from; i < to; i++) {
            bins[values[i] >>> 28]++;
        }
        double expected = (to - from) / 16.0;
        double chi2 = 0;
        for (long observed : bins) {
            chi2 += (observed - expected) * (observed - expected) / expected;
        }
        return chi2;
    }

    @Test
    void maskedInputIsIndistinguishableFromUniformWhilePlainEncodingIsNot() {
        // Prepare: a constant, strongly structured update
        int d = 40_000;
        SecAggConfig config = SecAggConfig.secAgg(21, UnmaskedSumEqualsPlainSumTest.ids(4), d, 1.0, 10);
        InMemoryRound round = new InMemoryRound(config, 5);
        for (int id : config.clientIds()) {
            java.util.Arrays.fill(round.updates.get(id), 0.25f);
        }
        int[] plain = new int[d + 1];
        config.quantizer().encode(round.updates.get(config.clientIds()[0]), round.weights.get(config.clientIds()[0]), plain);

        // Execute
        round.advertise().share().mask();
        int[] masked = round.maskedInputs.get(config.clientIds()[0]).masked();

        // Assert
        assertThat(chiSquareOfTopBits(masked, 0, d)).isLessThan(CHI2_15_999);
        assertThat(chiSquareOfTopBits(plain, 0, d)).isGreaterThan(1000 * CHI2_15_999);
    }

    @Test
    void twoClientsWithTheSameUpdateSendUnrelatedVectors() {
        // Prepare
        int d = 20_000;
        SecAggConfig config = SecAggConfig.secAgg(22, UnmaskedSumEqualsPlainSumTest.ids(3), d, 1.0, 1);
        InMemoryRound round = new InMemoryRound(config, 6);
        for (int id : config.clientIds()) {
            java.util.Arrays.fill(round.updates.get(id), -0.5f);
            round.weights.put(id, 1.0);
        }

        // Execute
        round.advertise().share().mask();
        int[] a = round.maskedInputs.get(7).masked();
        int[] b = round.maskedInputs.get(14).masked();
        int[] difference = new int[d];
        for (int i = 0; i < d; i++) {
            difference[i] = a[i] - b[i];
        }

        // Assert: even their difference (which cancels the shared update) is uniform
        assertThat(chiSquareOfTopBits(difference, 0, d)).isLessThan(CHI2_15_999);
    }
}
