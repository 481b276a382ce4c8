package org.chorus.federated.sim;

import java.util.SplittableRandom;

/** Gamma and Dirichlet sampling (Marsaglia and Tsang 2000). */
final class Gamma {
    private Gamma() {}

    static double[] dirichlet(double alpha, int k, SplittableRandom random) {
        double[] p = new double[k];
        double sum = 0;
        for (int i = 0; i < k; i++) {
            p[i] = sample(alpha, random);
            sum += p[i];
        }
        for (int i = 0; i < k; i++) {
            p[i] /= sum;
        }
        return p;
    }

    static double sample(double shape, SplittableRandom random) {
        if (shape < 1) {
            // boost: Gamma(a) = Gamma(a + 1) · U^(1/a)
            return sample(shape + 1, random) * Math.pow(random.nextDouble(), 1.0 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x = gaussian(random);
            double v = 1 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = random.nextDouble();
            if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
                return d * v;
            }
        }
    }

    private static double gaussian(SplittableRandom random) {
        double u1 = 1 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
