package org.chorus.federated.secure.dp;

import java.util.Arrays;
import java.util.function.IntToDoubleFunction;

/**
 * Rényi-DP accountant for the Poisson-subsampled Gaussian mechanism, immutable: every composition returns a new
 * accountant. RDP composes additively per order, so {@code steps} rounds cost steps × the one-round curve.
 *
 * <p>Orders default to dp-accounting's list: 1.1, 1.2, …, 10.9, 11, 12, …, 63, 128, 256, 512, 1024.
 */
public final class RdpAccountant {
    private static final double[] DEFAULT_ORDERS = defaultOrders();

    private final double[] orders;
    private final double[] rdp;
    private final RdpConversion conversion;

    private RdpAccountant(double[] orders, double[] rdp, RdpConversion conversion) {
        this.orders = orders;
        this.rdp = rdp;
        this.conversion = conversion;
    }

    /** An accountant with nothing spent, dp-accounting's default orders and the improved conversion. */
    public static RdpAccountant create() {
        return withOrders(RdpConversion.IMPROVED, DEFAULT_ORDERS);
    }

    public static RdpAccountant withOrders(RdpConversion conversion, double... orders) {
        if (orders.length == 0) {
            throw new IllegalArgumentException("at least one Rényi order is needed");
        }
        for (double order : orders) {
            if (!(order >= 1)) {
                throw new IllegalArgumentException("Rényi orders must be >= 1, got " + order);
            }
        }
        return new RdpAccountant(orders.clone(), new double[orders.length], conversion);
    }

    /** TF Privacy's compute_dp_sgd_privacy list: 1.1 … 10.9 and 12 … 63. */
    public static double[] tfPrivacyOrders() {
        double[] orders = new double[99 + 52];
        for (int x = 1; x < 100; x++) {
            orders[x - 1] = 1 + x / 10.0;
        }
        for (int a = 12; a < 64; a++) {
            orders[99 + a - 12] = a;
        }
        return orders;
    }

    public static double[] defaultOrders() {
        double[] orders = new double[99 + 53 + 4];
        for (int x = 1; x < 100; x++) {
            orders[x - 1] = 1 + x / 10.0;
        }
        for (int a = 11; a < 64; a++) {
            orders[99 + a - 11] = a;
        }
        int k = 99 + 53;
        for (int big = 128; big <= 1024; big *= 2) {
            orders[k++] = big;
        }
        return orders;
    }

    /** Adds {@code steps} rounds that each sample clients with probability q and add noise σ·C to the sum. */
    public RdpAccountant composeSubsampledGaussian(double samplingRate, double noiseMultiplier, long steps) {
        if (!(samplingRate >= 0 && samplingRate <= 1)) {
            throw new IllegalArgumentException("sampling rate must be in [0, 1], got " + samplingRate);
        }
        if (!(noiseMultiplier >= 0) || steps < 0) {
            throw new IllegalArgumentException("noise multiplier and steps must be >= 0");
        }
        double[] next = rdp.clone();
        for (int i = 0; i < orders.length; i++) {
            next[i] += steps * SubsampledGaussianRdp.rdp(samplingRate, noiseMultiplier, orders[i]);
        }
        return new RdpAccountant(orders, next, conversion);
    }

    /** The smallest ε over all orders for the given δ. */
    public PrivacySpent epsilon(double delta) {
        if (!(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException("delta must be in (0, 1), got " + delta);
        }
        int best = argMin(i -> conversion.epsilon(orders[i], rdp[i], delta));
        return new PrivacySpent(Math.max(0, conversion.epsilon(orders[best], rdp[best], delta)), delta, orders[best]);
    }

    /** The smallest δ over all orders for the given ε. */
    public PrivacySpent delta(double epsilon) {
        int best = argMin(i -> conversion.logDelta(orders[i], rdp[i], epsilon));
        double logDelta = conversion.logDelta(orders[best], rdp[best], epsilon);
        return new PrivacySpent(epsilon, Math.min(1, Math.exp(logDelta)), orders[best]);
    }

    private int argMin(IntToDoubleFunction valueAtOrder) {
        int best = 0;
        double bestValue = Double.POSITIVE_INFINITY;
        for (int i = 0; i < orders.length; i++) {
            double value = valueAtOrder.applyAsDouble(i);
            if (value < bestValue) {
                bestValue = value;
                best = i;
            }
        }
        return best;
    }

    /** The accumulated RDP per order, in the order of {@link #orders()}. */
    public double[] rdp() {
        return rdp.clone();
    }

    public double[] orders() {
        return orders.clone();
    }

    public RdpConversion conversion() {
        return conversion;
    }

    @Override
    public String toString() {
        return "RdpAccountant" + Arrays.toString(rdp);
    }
}
