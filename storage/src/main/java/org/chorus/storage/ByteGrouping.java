package org.chorus.storage;

/**
 * Xet's byte grouping (BG4): byte {@code i} of every 4-byte group goes to group {@code i}, so the exponent bytes of
 * floats sit together and LZ4 finds them. Leftover bytes (length not a multiple of 4) go one each to the first groups.
 */
final class ByteGrouping {
    private ByteGrouping() {}

    /**
     * A cheap guess whether grouping will help, so incompressible chunks are not compressed a second time: in
     * float tensors the top byte of each 4-byte word (sign and exponent) takes few values; in random data it takes
     * almost all of them. Samples 512 words.
     */
    static boolean looksGroupable(byte[] data, int off, int len) {
        int words = len / 4;
        int step = Math.max(1, words / 512);
        long[] seen = new long[4];
        int distinct = 0;
        int samples = 0;
        for (int w = 0; w < words; w += step) {
            int v = data[off + 4 * w + 3] & 0xFF;
            long bit = 1L << (v & 63);
            if ((seen[v >>> 6] & bit) == 0) {
                seen[v >>> 6] |= bit;
                distinct++;
            }
            samples++;
        }
        // 512 uniform samples hit about 222 distinct values; tensors' exponent bytes hit a few dozen.
        return distinct < Math.min(96, samples / 3);
    }

    static void split(byte[] src, int off, int len, byte[] dst) {
        int q = len / 4;
        int r = len % 4;
        int d = 0;
        for (int g = 0; g < 4; g++) {
            for (int i = 0; i < q; i++) {
                dst[d++] = src[off + 4 * i + g];
            }
            if (g < r) {
                dst[d++] = src[off + 4 * q + g];
            }
        }
    }

    static void join(byte[] src, int len, byte[] dst, int off) {
        int q = len / 4;
        int r = len % 4;
        int s = 0;
        for (int g = 0; g < 4; g++) {
            for (int i = 0; i < q; i++) {
                dst[off + 4 * i + g] = src[s++];
            }
            if (g < r) {
                dst[off + 4 * q + g] = src[s++];
            }
        }
    }
}
