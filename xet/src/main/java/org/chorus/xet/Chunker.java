package org.chorus.xet;

/**
 * Gear-hash content-defined chunking exactly as the Xet spec defines it: a boundary falls after the first byte at
 * which the chunk holds at least {@code min} bytes and {@code (h & mask) == 0}, or when it reaches {@code max} bytes.
 * State carries across calls, so feeding the input in any pieces gives the same boundaries.
 *
 * <p>The first {@code min - 65} bytes of a chunk are skipped without hashing (the reference implementation does the
 * same): the hash only depends on the last 64 bytes, so the hash at the first testable position is unchanged.
 */
public final class Chunker {
    /** The Xet spec's target chunk size, which every Xet client and server uses. */
    public static final int XET_TARGET = 64 * 1024;
    private static final int HASH_WINDOW = 64;
    private static final long[] TABLE = GearTable.TABLE;

    final int min;
    /** The largest chunk: a caller that keeps an unfinished chunk needs this much room. */
    public final int max;
    private final long mask;
    private long h;
    private int chunkLength;

    /**
     * A chunker for chunks of about {@code targetChunkSize} bytes, a power of two above 128.
     *
     * @throws IllegalArgumentException for any other size
     */
    public Chunker(int targetChunkSize) {
        if (Integer.bitCount(targetChunkSize) != 1 || targetChunkSize <= HASH_WINDOW * 2) {
            throw new IllegalArgumentException("target chunk size must be a power of two above 128: " + targetChunkSize);
        }
        long m = targetChunkSize - 1L;
        this.mask = m << Long.numberOfLeadingZeros(m);
        this.min = targetChunkSize / 8;
        this.max = targetChunkSize * 2;
    }

    /** Bytes of the current, unfinished chunk seen so far. */
    public int pending() {
        return chunkLength;
    }

    /**
     * Scans {@code buf[from, to)} and returns the index just past the next boundary, or -1 if the range ends first
     * (the bytes seen are remembered). After a boundary the next call should start at the returned index.
     */
    public int next(byte[] buf, int from, int to) {
        int i = from;
        int len = chunkLength;
        int skip = min - HASH_WINDOW - 1 - len;
        if (skip > 0) {
            int s = Math.min(skip, to - i);
            i += s;
            len += s;
        }
        long hash = h;
        // Hash without testing until the chunk is one byte short of the minimum.
        int untested = Math.min(to, i + Math.max(0, min - 1 - len));
        len += untested - i;
        for (; i < untested; i++) {
            hash = (hash << 1) + TABLE[buf[i] & 0xFF];
        }
        int limit = Math.min(to, i + (max - len));
        int start = i;
        boolean found = false;
        while (i < limit) {
            hash = (hash << 1) + TABLE[buf[i++] & 0xFF];
            if ((hash & mask) == 0) {
                found = true;
                break;
            }
        }
        len += i - start;
        if (found || len == max) {
            h = 0;
            chunkLength = 0;
            return i;
        }
        h = hash;
        chunkLength = len;
        return -1;
    }
}
