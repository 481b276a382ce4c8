package org.chorus.federated.secure.dp;

/** Arithmetic in log space and a log-erfc that stays finite where erfc underflows. */
final class LogMath {
    private static final double LOG_SQRT_PI = 0.5 * Math.log(Math.PI);
    private static final double TWO_OVER_SQRT_PI = 2.0 / Math.sqrt(Math.PI);

    private LogMath() {}

    /** log(exp(x) + exp(y)). */
    static double logAdd(double x, double y) {
        double a = Math.min(x, y);
        double b = Math.max(x, y);
        if (a == Double.NEGATIVE_INFINITY) {
            return b;
        }
        return Math.log1p(Math.exp(a - b)) + b;
    }

    /** log(exp(x) - exp(y)), requires x &gt;= y. */
    static double logSub(double x, double y) {
        if (x < y) {
            throw new ArithmeticException("log-space subtraction would be negative: " + x + " < " + y);
        }
        if (y == Double.NEGATIVE_INFINITY) {
            return x;
        }
        if (x == y) {
            return Double.NEGATIVE_INFINITY;
        }
        return Math.log(-Math.expm1(y - x)) + x;
    }

    /**
     * log(erfc(x)) to near double precision: a Maclaurin series of erf for |x| &lt; 2, and for x &gt;= 2 the
     * continued fraction erfc(x) = exp(-x²)/√π · 1/(x + ½/(x + 1/(x + 3⁄2/(x + …)))) evaluated in log space
     * (modified Lentz), so it never underflows. Negative x uses erfc(x) = 2 − erfc(−x).
     */
    static double logErfc(double x) {
        if (Double.isNaN(x)) {
            return Double.NaN;
        }
        if (x == Double.POSITIVE_INFINITY) {
            return Double.NEGATIVE_INFINITY;
        }
        if (x <= -2) {
            return Math.log(2 - Math.exp(logErfcLarge(-x)));
        }
        if (x < 2) {
            return Math.log1p(-erfSeries(x));
        }
        return logErfcLarge(x);
    }

    static double erfc(double x) {
        return Math.exp(logErfc(x));
    }

    private static double erfSeries(double x) {
        // erf(x) = 2/√π Σ (-1)^n x^(2n+1) / (n! (2n+1))
        double x2 = x * x;
        double term = x;
        double sum = x;
        for (int n = 1; n < 200; n++) {
            term *= -x2 / n;
            double add = term / (2 * n + 1);
            sum += add;
            if (Math.abs(add) < 1e-17 * Math.abs(sum)) {
                break;
            }
        }
        return TWO_OVER_SQRT_PI * sum;
    }

    private static double logErfcLarge(double x) {
        // f = x + a1/(x + a2/(x + ...)), a_n = n/2; erfc(x) = exp(-x^2) / (sqrt(pi) f)
        double tiny = 1e-300;
        double f = x;
        double c = f;
        double d = 0;
        for (int n = 1; n < 5000; n++) {
            double an = n * 0.5;
            d = x + an * d;
            if (d == 0) {
                d = tiny;
            }
            c = x + an / c;
            if (c == 0) {
                c = tiny;
            }
            d = 1 / d;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1) < 1e-16) {
                break;
            }
        }
        return -x * x - LOG_SQRT_PI - Math.log(f);
    }
}
