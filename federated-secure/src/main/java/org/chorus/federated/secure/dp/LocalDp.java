package org.chorus.federated.secure.dp;

import java.util.Random;

/**
 * Local DP: each client clips its own update to L2 norm C and adds N(0, (σ·C)²) per coordinate before sending,
 * so nobody, the server included, has to be trusted. Each client's release is a Gaussian mechanism with noise
 * multiplier σ (account it with q = 1); the server's average carries n× the noise variance of central DP.
 */
public final class LocalDp {
    private LocalDp() {}

    /** Clips {@code update} in place and adds the client's own noise; returns the norm before clipping. */
    public static double privatize(float[] update, double clipNorm, double noiseMultiplier, Random random) {
        double norm = L2Clipping.clipInPlace(update, clipNorm);
        GaussianNoise.addTo(update, noiseMultiplier * clipNorm, random);
        return norm;
    }
}
