package org.chorus.federated.secure.secagg;

/**
 * Fixed-point encoding of weighted float updates into Z_{2^32} so that the ring sum of up to {@code clients}
 * encodings decodes without wrap-around. A client with weight w ∈ [0, W] sends (w/W)·clip(x, −R, R) per coordinate
 * and w/W as one extra last coordinate, each as round(value · scale) in two's complement, with
 * scale = (2^(b−1) − 1) / R (resp. (2^(b−1) − 1) for the weight) and b = {@code bits}. The sum of n such values is
 * at most n·(2^(b−1) − 1) in magnitude, below 2^31 whenever n &lt; 2^(32−b).
 */
final class Quantizer {
    private final double clipRange;
    private final double maxWeight;
    private final double valueScale;
    private final double weightScale;

    Quantizer(double clipRange, double maxWeight, int bits) {
        if (!(clipRange > 0) || !(maxWeight > 0) || bits < 2 || bits > 31) {
            throw new IllegalArgumentException("need clipRange > 0, maxWeight > 0, 2 <= bits <= 31");
        }
        this.clipRange = clipRange;
        this.maxWeight = maxWeight;
        double top = (double) ((1L << (bits - 1)) - 1);
        this.valueScale = top / clipRange;
        this.weightScale = top;
    }

    /** The largest client count whose sum cannot wrap at this bit width. */
    static int maxClients(int bits) {
        return (int) Math.min(Integer.MAX_VALUE, (1L << 31) / ((1L << (bits - 1)) - 1) - 1);
    }

    /** Largest bit width for which {@code clients} encodings sum without wrap-around. */
    static int bitsFor(int clients) {
        for (int bits = 31; bits >= 2; bits--) {
            if (maxClients(bits) >= clients) {
                return bits;
            }
        }
        throw new IllegalArgumentException("too many clients for a 32-bit ring: " + clients);
    }

    /** Writes the encoding of (update, weight) into {@code out}, which has update.length + 1 coordinates. */
    void encode(float[] update, double weight, int[] out) {
        if (!(weight >= 0 && weight <= maxWeight)) {
            throw new SecAggException(SecAggException.Reason.WEIGHT_OUT_OF_BOUND,
                    "weight " + weight + " outside [0, " + maxWeight + "]");
        }
        if (out.length != update.length + 1) {
            throw new SecAggException(SecAggException.Reason.WRONG_DIMENSION, "expected " + (out.length - 1) + " coordinates, got " + update.length);
        }
        double share = weight / maxWeight;
        double scale = share * valueScale;
        for (int i = 0; i < update.length; i++) {
            double x = Math.max(-clipRange, Math.min(clipRange, update[i]));
            out[i] = (int) Math.round(x * scale);
        }
        out[update.length] = (int) Math.round(share * weightScale);
    }

    /** Decodes a ring sum: Σ w·clip(x) per coordinate into {@code weightedSum}; returns Σ w. */
    double decode(int[] sum, float[] weightedSum) {
        double unit = maxWeight / valueScale;
        for (int i = 0; i < weightedSum.length; i++) {
            weightedSum[i] = (float) (sum[i] * unit);
        }
        return sum[weightedSum.length] / weightScale * maxWeight;
    }

    /** The worst-case decoding error of one coordinate of a sum over n clients (rounding ½ unit each). */
    double valueTolerance(int clients) {
        return clients * 0.5 * maxWeight / valueScale;
    }

    double weightTolerance(int clients) {
        return clients * 0.5 * maxWeight / weightScale;
    }
}
