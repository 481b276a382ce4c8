package org.chorus.federated.secure.dp;

import java.security.SecureRandom;
import java.util.Random;

/**
 * Adds i.i.d. N(0, stddev²) to every coordinate. Production callers pass a {@link SecureRandom} (the default);
 * tests pass a seeded {@link Random}. Floating-point Gaussian samples are not exactly Gaussian (Mironov 2012 shows
 * attacks on naive floating-point Laplace); for very small ε deployments should prefer the discrete Gaussian.
 */
public final class GaussianNoise {
    private GaussianNoise() {}

    public static void addTo(float[] x, double stddev, Random random) {
        if (!(stddev >= 0)) {
            throw new IllegalArgumentException("stddev must be >= 0, got " + stddev);
        }
        if (stddev == 0) {
            return;
        }
        for (int i = 0; i < x.length; i++) {
            x[i] += (float) (random.nextGaussian() * stddev);
        }
    }

    public static Random secureRandom() {
        return new SecureRandom();
    }
}
