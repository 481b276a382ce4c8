package org.chorus.federated.secure.dp;

/**
 * Rényi DP of the Poisson-subsampled Gaussian mechanism (Mironov, Talwar, Zhang 2019, "Rényi Differential
 * Privacy of the Sampled Gaussian Mechanism", arXiv:1908.10530): Section 3.3 for integer orders (a binomial sum)
 * and Section 3.4 for fractional orders (two convergent series with erfc terms). Add-or-remove-one adjacency.
 */
final class SubsampledGaussianRdp {
    private static final double LOG_HALF = Math.log(0.5);
    private static final double SQRT2 = Math.sqrt(2);

    private SubsampledGaussianRdp() {}

    /** RDP at order {@code alpha} of one application with sampling rate q and noise multiplier sigma. */
    static double rdp(double q, double sigma, double alpha) {
        if (q == 0) {
            return 0;
        }
        if (Double.isInfinite(alpha) || sigma == 0) {
            return Double.POSITIVE_INFINITY;
        }
        if (q == 1) {
            return alpha / (2 * sigma * sigma);
        }
        return logA(q, sigma, alpha) / (alpha - 1);
    }

    static double logA(double q, double sigma, double alpha) {
        if (alpha == Math.rint(alpha) && alpha < Integer.MAX_VALUE) {
            return logAInteger(q, sigma, (int) alpha);
        }
        return logAFractional(q, sigma, alpha);
    }

    /** log A_α = log Σ_i C(α,i) q^i (1-q)^(α-i) exp((i²-i)/(2σ²)). */
    private static double logAInteger(double q, double sigma, int alpha) {
        double logQ = Math.log(q);
        double log1mQ = Math.log1p(-q);
        double twoSigma2 = 2 * sigma * sigma;
        double logA = Double.NEGATIVE_INFINITY;
        double logBinom = 0; // log C(alpha, 0)
        for (int i = 0; i <= alpha; i++) {
            double s = logBinom + i * logQ + (alpha - i) * log1mQ + ((double) i * i - i) / twoSigma2;
            logA = LogMath.logAdd(logA, s);
            logBinom += Math.log((double) (alpha - i) / (i + 1));
        }
        return logA;
    }

    /** The fractional-order series, summed until both of its terms drop below e^-30. */
    private static double logAFractional(double q, double sigma, double alpha) {
        double logA0 = Double.NEGATIVE_INFINITY;
        double logA1 = Double.NEGATIVE_INFINITY;
        double sigma2 = sigma * sigma;
        double z0 = sigma2 * Math.log(1 / q - 1) + 0.5;
        double logQ = Math.log(q);
        double log1mQ = Math.log1p(-q);
        double logCoef = 0; // log |C(alpha, i)|, tracked with its sign
        boolean positive = true;
        for (int i = 0; ; i++) {
            double j = alpha - i;
            double logT0 = logCoef + i * logQ + j * log1mQ;
            double logT1 = logCoef + j * logQ + i * log1mQ;
            double logE0 = LOG_HALF + LogMath.logErfc((i - z0) / (SQRT2 * sigma));
            double logE1 = LOG_HALF + LogMath.logErfc((z0 - j) / (SQRT2 * sigma));
            double logS0 = logT0 + ((double) i * i - i) / (2 * sigma2) + logE0;
            double logS1 = logT1 + (j * j - j) / (2 * sigma2) + logE1;
            if (positive) {
                logA0 = LogMath.logAdd(logA0, logS0);
                logA1 = LogMath.logAdd(logA1, logS1);
            } else {
                logA0 = LogMath.logSub(logA0, logS0);
                logA1 = LogMath.logSub(logA1, logS1);
            }
            if (Math.max(logS0, logS1) < -30 || i > 100_000) {
                break;
            }
            double ratio = (alpha - i) / (i + 1);
            logCoef += Math.log(Math.abs(ratio));
            if (ratio < 0) {
                positive = !positive;
            }
        }
        return LogMath.logAdd(logA0, logA1);
    }
}
