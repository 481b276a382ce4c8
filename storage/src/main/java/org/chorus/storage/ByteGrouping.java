package org.chorus.storage;

/**
 * Xet's byte grouping (BG4): byte {@code i} of every 4-byte group goes to group {@code i}, so the exponent bytes of
 * floats sit together and LZ4 finds them. Leftover bytes (length not a multiple of 4) go one each to the first groups.
 */
final class ByteGrouping {
    private ByteGrouping() {}

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
