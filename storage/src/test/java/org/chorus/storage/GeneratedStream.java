package org.chorus.storage;

import java.io.InputStream;
import org.chorus.xet.SplitMix;

/**
 * {@code size} bytes generated on the fly (never held): SplitMix random blocks, every fourth block zeros so that some
 * chunks compress and others do not, as in model weights. Same seed, same bytes.
 */
final class GeneratedStream extends InputStream {
    private static final int BLOCK = 1 << 20;
    private final long seed;
    private final long size;
    private long pos;
    private byte[] block = new byte[0];

    GeneratedStream(long seed, long size) {
        this.seed = seed;
        this.size = size;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (pos == size) {
            return -1;
        }
        int inBlock = (int) (pos % BLOCK);
        if (inBlock == 0) {
            long index = pos / BLOCK;
            block = index % 4 == 3 ? new byte[BLOCK] : SplitMix.randomData(BLOCK, seed * 1_000_003 + index);
        }
        int n = (int) Math.min(Math.min(len, BLOCK - inBlock), size - pos);
        System.arraycopy(block, inBlock, b, off, n);
        pos += n;
        return n;
    }
}
