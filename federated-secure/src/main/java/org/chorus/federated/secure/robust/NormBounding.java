package org.chorus.federated.secure.robust;

import java.util.Arrays;
import org.chorus.federated.secure.dp.L2Clipping;

/**
 * Norm bounding (Sun et al. 2019, "Can you really backdoor federated learning?"): the cheap default defence —
 * every update is scaled down to an L2 norm of at most a bound, so no single client can move the average far.
 */
public final class NormBounding {
    private NormBounding() {}

    /** Clips every update in place to {@code maxNorm}; returns how many were clipped. */
    public static int bound(float[][] updates, double maxNorm) {
        int clipped = 0;
        for (float[] update : updates) {
            if (L2Clipping.clipInPlace(update, maxNorm) > maxNorm) {
                clipped++;
            }
        }
        return clipped;
    }

    /**
     * Clips every update in place to {@code multiple} × the median update norm of this round, a bound that needs
     * no tuning and that fewer than half the clients cannot inflate. Returns the bound used.
     */
    public static double boundToMedian(float[][] updates, double multiple) {
        double[] norms = new double[updates.length];
        for (int i = 0; i < updates.length; i++) {
            norms[i] = L2Clipping.norm(updates[i]);
        }
        Arrays.sort(norms);
        int m = norms.length;
        double median = m % 2 == 1 ? norms[m / 2] : (norms[m / 2 - 1] + norms[m / 2]) / 2;
        double bound = Math.max(median * multiple, Double.MIN_NORMAL);
        bound(updates, bound);
        return bound;
    }
}
