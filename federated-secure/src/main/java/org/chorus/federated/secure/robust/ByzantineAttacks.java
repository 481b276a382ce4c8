package org.chorus.federated.secure.robust;

import java.util.Random;

/**
 * Simulated Byzantine clients for robustness experiments, as in-place transformations of an honest update (model
 * poisoning) and label permutations (data poisoning, applied to a client's labels before it trains).
 */
public final class ByzantineAttacks {
    private ByzantineAttacks() {}

    /** Sign flipping: x ← −scale·x (scale 1 is the plain flip; larger scales are the "reversed gradient" attack). */
    public static void signFlip(float[] update, double scale) {
        float factor = (float) -scale;
        for (int i = 0; i < update.length; i++) {
            update[i] *= factor;
        }
    }

    /** Scaling ("boosting") attack: x ← factor·x, e.g. the model-replacement attack with factor n/η. */
    public static void scale(float[] update, double factor) {
        float f = (float) factor;
        for (int i = 0; i < update.length; i++) {
            update[i] *= f;
        }
    }

    /** Random update: x ← N(0, stddev²) per coordinate, ignoring the honest update. */
    public static void randomNoise(float[] update, double stddev, Random random) {
        for (int i = 0; i < update.length; i++) {
            update[i] = (float) (random.nextGaussian() * stddev);
        }
    }

    /** The classic label flip l → (classes − 1 − l). */
    public static int[] reversedLabels(int classes) {
        int[] permutation = new int[classes];
        for (int l = 0; l < classes; l++) {
            permutation[l] = classes - 1 - l;
        }
        return permutation;
    }

    /** A random derangement of the labels (no label maps to itself), by rejection of Fisher–Yates shuffles. */
    public static int[] randomDerangement(int classes, Random random) {
        if (classes < 2) {
            throw new IllegalArgumentException("a derangement needs at least two classes");
        }
        int[] permutation = new int[classes];
        while (true) {
            for (int l = 0; l < classes; l++) {
                permutation[l] = l;
            }
            for (int i = classes - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int tmp = permutation[i];
                permutation[i] = permutation[j];
                permutation[j] = tmp;
            }
            boolean fixedPoint = false;
            for (int l = 0; l < classes && !fixedPoint; l++) {
                fixedPoint = permutation[l] == l;
            }
            if (!fixedPoint) {
                return permutation; // expected e ≈ 2.72 tries
            }
        }
    }

    /** labels[i] ← permutation[labels[i]], in place. */
    public static void permuteLabels(int[] labels, int[] permutation) {
        for (int i = 0; i < labels.length; i++) {
            labels[i] = permutation[labels[i]];
        }
    }
}
