package org.chorus.hub.lfs;

import java.io.IOException;
import java.io.InputStream;

/** Reads at most a given number of bytes from the wrapped stream, then reports end of stream. */
public final class BoundedInputStream extends InputStream {
    private final InputStream in;
    private final long limit;
    private long remaining;

    public BoundedInputStream(InputStream in, long remaining) {
        this.in = in;
        this.limit = remaining;
        this.remaining = remaining;
    }

    /** Bytes read so far. */
    public long consumed() {
        return limit - remaining;
    }

    @Override
    public int read() throws IOException {
        if (remaining <= 0) {
            return -1;
        }
        int b = in.read();
        if (b >= 0) {
            remaining--;
        }
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        if (remaining <= 0) {
            return -1;
        }
        int n = in.read(buf, off, (int) Math.min(len, remaining));
        if (n > 0) {
            remaining -= n;
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
