package org.chorus.xet;

/** The SplitMix64 generator xet-core's tests use, so our data matches their reference vectors byte for byte. */
public final class SplitMix {
    private SplitMix() {}

    public static byte[] randomData(int n, long seed) {
        byte[] out = new byte[n];
        long state = seed;
        for (int i = 0; i < n; i += 8) {
            state += 0x9E3779B97F4A7C15L;
            long z = state;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            z ^= z >>> 31;
            for (int b = 0; b < 8 && i + b < n; b++) {
                out[i + b] = (byte) (z >>> (8 * b));
            }
        }
        return out;
    }
}
