package org.chorus.federated.secure.dp;

/** L2 clipping in place: the bounded-sensitivity step every Gaussian mechanism here starts from. */
public final class L2Clipping {
    private L2Clipping() {}

    public static double norm(float[] x) {
        double sum = 0;
        for (float v : x) {
            sum += (double) v * v;
        }
        return Math.sqrt(sum);
    }

    /**
     * Scales {@code x} in place so that ‖x‖₂ ≤ clipNorm and returns the norm before clipping (so the caller can
     * report the clipped-count bit of adaptive clipping: {@code norm <= clipNorm}).
     */
    public static double clipInPlace(float[] x, double clipNorm) {
        if (!(clipNorm > 0)) {
            throw new IllegalArgumentException("clip norm must be > 0, got " + clipNorm);
        }
        double norm = norm(x);
        if (norm > clipNorm) {
            float scale = (float) (clipNorm / norm);
            for (int i = 0; i < x.length; i++) {
                x[i] *= scale;
            }
        }
        return norm;
    }
}
