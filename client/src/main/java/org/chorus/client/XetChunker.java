package org.chorus.client;

/**
 * Gear-hash content-defined chunking exactly as the Xet spec (and the server's storage module) defines it, with
 * 64 KiB target chunks: a boundary falls after the first byte at which the chunk holds at least 8 KiB and
 * {@code (h & mask) == 0}, or when it reaches 128 KiB. State carries across calls, so feeding the input in any
 * pieces gives the same boundaries. The first {@code min - 65} bytes of a chunk are skipped without hashing: the
 * hash depends only on the last 64 bytes, so its value at the first testable position is unchanged.
 */
final class XetChunker {
    static final int TARGET = 64 * 1024;
    static final int MIN = TARGET / 8;
    static final int MAX = TARGET * 2;
    private static final int HASH_WINDOW = 64;
    private static final long MASK = (TARGET - 1L) << Long.numberOfLeadingZeros(TARGET - 1L);
    private static final long[] TABLE = XetGearTable.TABLE;
    private long h;
    private int chunkLength;

    /**
     * Scans {@code buf[from, to)} and returns the index just past the next boundary, or -1 if the range ends first
     * (the bytes seen are remembered). After a boundary the next call should start at the returned index.
     */
    int next(byte[] buf, int from, int to) {
        int i = from;
        int len = chunkLength;
        int skip = MIN - HASH_WINDOW - 1 - len;
        if (skip > 0) {
            int s = Math.min(skip, to - i);
            i += s;
            len += s;
        }
        long hash = h;
        int untested = Math.min(to, i + Math.max(0, MIN - 1 - len));
        len += untested - i;
        for (; i < untested; i++) {
            hash = (hash << 1) + TABLE[buf[i] & 0xFF];
        }
        int limit = Math.min(to, i + (MAX - len));
        int start = i;
        boolean found = false;
        while (i < limit) {
            hash = (hash << 1) + TABLE[buf[i++] & 0xFF];
            if ((hash & MASK) == 0) {
                found = true;
                break;
            }
        }
        len += i - start;
        if (found || len == MAX) {
            h = 0;
            chunkLength = 0;
            return i;
        }
        h = hash;
        chunkLength = len;
        return -1;
    }
}
