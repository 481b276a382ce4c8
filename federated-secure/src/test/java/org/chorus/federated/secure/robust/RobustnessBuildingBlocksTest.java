package org.chorus.federated.secure.robust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.chorus.federated.secure.dp.L2Clipping;
import org.junit.jupiter.api.Test;

class RobustnessBuildingBlocksTest {

    private static float[][] honestUpdates(int n, int d, Random random) {
        float[][] updates = new float[n][d];
        for (float[] update : updates) {
            for (int j = 0; j < d; j++) {
                update[j] = (float) (1.0 + 0.1 * random.nextGaussian());
            }
        }
        return updates;
    }

    private static float[] mean(float[][] updates) {
        float[] mean = new float[updates[0].length];
        for (float[] u : updates) {
            for (int j = 0; j < mean.length; j++) {
                mean[j] += u[j] / updates.length;
            }
        }
        return mean;
    }

    @Test
    void bulyanStepTwoAveragesTheValuesNearestTheMedianIgnoringSelectedOutliers() {
        // Prepare: 7 selected updates for f = 2 (β = 3); one scaled and one sign-flipped attacker slipped through
        Random random = new Random(1);
        float[][] selected = honestUpdates(7, 50, random);
        ByzantineAttacks.scale(selected[3], 100);
        ByzantineAttacks.signFlip(selected[5], 50);

        // Execute
        float[] mean = mean(selected);
        float[] bulyan = Bulyan.aggregateSelected(selected, 2);

        // Assert
        for (int j = 0; j < 50; j++) {
            assertThat(bulyan[j]).isCloseTo(1.0f, within(0.15f));
        }
        assertThat(Math.abs(mean[0] - 1.0f)).isGreaterThan(1.0f);
    }

    @Test
    void bulyanRefusesTooFewClientsForItsGuarantee() {
        // Execute + Assert
        assertThatThrownBy(() -> Bulyan.requireEnough(10, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("n >= 4f + 3");
        assertThatThrownBy(() -> Bulyan.aggregateSelected(honestUpdates(4, 3, new Random(3)), 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("more than 2f selected");
    }

    @Test
    void meanClosestToMedianTakesTheCentralWindow() {
        // Prepare
        float[] values = {100, 1, 2, 3, -50, 4, 5};

        // Execute
        float result = Bulyan.meanClosestToMedian(values, 3);

        // Assert: median 3, the three closest are 2, 3, 4
        assertThat(result).isEqualTo(3.0f);
    }

    @Test
    void normBoundingClipsOnlyTheOversizedUpdates() {
        // Prepare
        float[][] updates = {{3, 4}, {0.3f, 0.4f}, {6, 8}};

        // Execute
        int clipped = NormBounding.bound(updates, 1.0);

        // Assert
        assertThat(clipped).isEqualTo(2);
        for (float[] update : updates) {
            assertThat(L2Clipping.norm(update)).isLessThanOrEqualTo(1.0 + 1e-6);
        }
        assertThat(updates[1]).containsExactly(0.3f, 0.4f);
    }

    @Test
    void boundingToTheMedianNormNeutralisesOneBoostedClient() {
        // Prepare
        Random random = new Random(4);
        float[][] updates = honestUpdates(9, 100, random);
        ByzantineAttacks.scale(updates[4], 1000);

        // Execute
        double bound = NormBounding.boundToMedian(updates, 2.0);

        // Assert: honest norms are about 10, the bound about 20
        assertThat(bound).isCloseTo(20.0, within(1.0));
        assertThat(L2Clipping.norm(updates[4])).isCloseTo(bound, within(1e-3));
    }

    @Test
    void labelPermutationsMoveEveryLabel() {
        // Prepare
        Random random = new Random(5);
        int[] labels = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};

        // Execute
        int[] derangement = ByzantineAttacks.randomDerangement(10, random);
        int[] reversed = ByzantineAttacks.reversedLabels(10);
        int[] flipped = labels.clone();
        ByzantineAttacks.permuteLabels(flipped, derangement);

        // Assert
        assertThat(Arrays.stream(derangement).sorted().toArray()).containsExactly(labels);
        for (int l = 0; l < 10; l++) {
            assertThat(derangement[l]).isNotEqualTo(l);
            assertThat(flipped[l]).isEqualTo(derangement[l]);
        }
        assertThat(reversed).containsExactly(9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
    }

    @Test
    void signFlipAndScaleTransformInPlace() {
        // Prepare
        float[] update = {1, -2};
        float[] noisy = new float[1000];

        // Execute
        ByzantineAttacks.signFlip(update, 3);
        ByzantineAttacks.randomNoise(noisy, 2, new Random(6));

        // Assert
        assertThat(update).containsExactly(-3f, 6f);
        assertThat(L2Clipping.norm(noisy) / Math.sqrt(1000)).isCloseTo(2.0, within(0.15));
    }
}
