package org.chorus.federated.secure.dp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DpMechanismsTest {

    private static double stddev(float[] x, float[] reference) {
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            double d = x[i] - reference[i];
            sum += d * d;
        }
        return Math.sqrt(sum / x.length);
    }

    @Test
    void clippingBoundsTheNormAndLeavesSmallUpdatesAlone() {
        // Prepare
        float[] big = {3, 4};
        float[] small = {0.3f, 0.4f};

        // Execute
        double bigNorm = L2Clipping.clipInPlace(big, 1.0);
        double smallNorm = L2Clipping.clipInPlace(small, 1.0);

        // Assert
        assertThat(bigNorm).isEqualTo(5.0);
        assertThat(L2Clipping.norm(big)).isCloseTo(1.0, within(1e-6));
        assertThat(big[0] / big[1]).isCloseTo(0.75f, within(1e-6f));
        assertThat(smallNorm).isCloseTo(0.5, within(1e-6));
        assertThat(small).containsExactly(0.3f, 0.4f);
    }

    @Test
    void centralSumAddsNoiseOfStddevSigmaTimesClipNormOnce() {
        // Prepare: 10 clients, each update clipped from norm 10 to 1
        int d = 100_000;
        CentralGaussianSum sum = new CentralGaussianSum(d, 1.0, 2.0);
        float[] expected = new float[d];
        for (int c = 0; c < 10; c++) {
            float[] update = new float[d];
            Arrays.fill(update, (float) (10 / Math.sqrt(d)));
            sum.add(update);
            for (int i = 0; i < d; i++) {
                expected[i] += update[i];
            }
        }

        // Execute
        float[] mean = sum.noisyMean(1, new Random(1));

        // Assert: the clipped updates summed, plus noise of stddev σC = 2
        assertThat(sum.clients()).isEqualTo(10);
        assertThat(sum.unclipped()).isZero();
        assertThat(stddev(mean, expected)).isCloseTo(2.0, withinPercentage(1));
    }

    @Test
    void noisyMeanDividesByTheExpectedCohortNotTheActualCount() {
        // Prepare
        CentralGaussianSum sum = new CentralGaussianSum(1, 10, 0);
        sum.add(new float[] {1});
        sum.add(new float[] {3});

        // Execute
        float[] mean = sum.noisyMean(4, new Random(2));

        // Assert
        assertThat(mean[0]).isEqualTo(1.0f);
        assertThat(sum.unclipped()).isEqualTo(2);
    }

    @Test
    void localDpAddsEachClientsOwnNoise() {
        // Prepare
        int d = 100_000;
        float[] update = new float[d];
        Arrays.fill(update, 0.001f);
        float[] clean = update.clone();

        // Execute
        double norm = LocalDp.privatize(update, 1.0, 0.5, new Random(3));

        // Assert: norm was sqrt(d)·0.001 ≈ 0.316 < 1, so no clipping; noise stddev 0.5
        assertThat(norm).isCloseTo(Math.sqrt(d) * 0.001, withinPercentage(0.01));
        assertThat(stddev(update, clean)).isCloseTo(0.5, withinPercentage(1));
    }

    @Test
    void adaptiveClippingConvergesToTheTargetQuantileOfUpdateNorms() {
        // Prepare: client update norms are log-normal with median e^0 = 1; start far away at C = 0.05
        Random random = new Random(4);
        AdaptiveClipping clipping = new AdaptiveClipping(0.05, 0.5, 0.2, 100 / 20.0);

        // Execute: 300 rounds of 100 clients
        for (int round = 0; round < 300; round++) {
            int unclipped = 0;
            for (int c = 0; c < 100; c++) {
                if (Math.exp(random.nextGaussian()) <= clipping.clipNorm()) {
                    unclipped++;
                }
            }
            clipping = clipping.next(unclipped, 100, random);
        }

        // Assert
        assertThat(clipping.clipNorm()).isCloseTo(1.0, within(0.25));
    }

    @Test
    void adaptiveClippingSplitsTheNoiseBudgetBetweenCountAndUpdate() {
        // Prepare + Execute: σ = 1, σ_b = 5 (the paper's m/20 for m = 100)
        double sigmaUpdate = AdaptiveClipping.updateNoiseMultiplier(1.0, 5.0);

        // Assert: (1 − 1/100)^−1/2
        assertThat(sigmaUpdate).isCloseTo(1 / Math.sqrt(0.99), within(1e-12));
        assertThatThrownBy(() -> AdaptiveClipping.updateNoiseMultiplier(1.0, 0.4)).isInstanceOf(IllegalArgumentException.class);
    }
}
