package org.chorus.federated.secure.dp;

import java.util.Random;

/**
 * Central DP for one round (McMahan et al. 2018, DP-FedAvg): clip each client's update to L2 norm C, sum, and add
 * N(0, (σ·C)²) per coordinate to the sum once. Streaming: updates are folded into one running sum as they arrive;
 * {@link #addClipped} takes updates that clients already clipped (client-side clipping, as under secure
 * aggregation, where the server only ever sees the sum). Also counts the adaptive-clipping bits
 * ‖Δ‖ ≤ C. Not thread-safe.
 */
public final class CentralGaussianSum {
    private final double clipNorm;
    private final double noiseMultiplier;
    private final float[] sum;
    private int clients;
    private int unclipped;

    public CentralGaussianSum(int dimension, double clipNorm, double noiseMultiplier) {
        if (!(clipNorm > 0) || !(noiseMultiplier >= 0)) {
            throw new IllegalArgumentException("need clipNorm > 0 and noiseMultiplier >= 0");
        }
        this.clipNorm = clipNorm;
        this.noiseMultiplier = noiseMultiplier;
        this.sum = new float[dimension];
    }

    /** Clips {@code update} in place to C and adds it to the sum. */
    public void add(float[] update) {
        double norm = L2Clipping.clipInPlace(update, clipNorm);
        addClipped(update, norm <= clipNorm);
    }

    /** Adds an update already clipped to C by its client, with the client's clipped-count bit. */
    public void addClipped(float[] clipped, boolean wasWithinClipNorm) {
        if (clipped.length != sum.length) {
            throw new IllegalArgumentException("expected " + sum.length + " coordinates, got " + clipped.length);
        }
        for (int i = 0; i < sum.length; i++) {
            sum[i] += clipped[i];
        }
        clients++;
        if (wasWithinClipNorm) {
            unclipped++;
        }
    }

    /** Adds a sum of already-clipped updates (e.g. the output of secure aggregation) from {@code count} clients. */
    public void addClippedSum(float[] clippedSum, int count, int withinClipNorm) {
        for (int i = 0; i < sum.length; i++) {
            sum[i] += clippedSum[i];
        }
        clients += count;
        unclipped += withinClipNorm;
    }

    /**
     * Adds the noise and returns the noisy mean over a fixed denominator (the expected number of clients per
     * round, q·N: dividing by the actual count would leak it). The accumulator is spent afterwards.
     */
    public float[] noisyMean(double expectedClients, Random random) {
        GaussianNoise.addTo(sum, noiseMultiplier * clipNorm, random);
        float inverse = (float) (1 / expectedClients);
        float[] mean = sum.clone();
        for (int i = 0; i < mean.length; i++) {
            mean[i] *= inverse;
        }
        return mean;
    }

    public int clients() {
        return clients;
    }

    /** How many clients had ‖Δ‖ ≤ C: the input of {@link AdaptiveClipping#next}. */
    public int unclipped() {
        return unclipped;
    }
}
