package org.chorus.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** The next {@code remaining} bytes of a file channel as a stream; closing it closes the channel. */
final class BoundedChannelStream extends InputStream {
    private final FileChannel ch;
    private long remaining;

    BoundedChannelStream(FileChannel ch, long remaining) {
        this.ch = ch;
        this.remaining = remaining;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (remaining == 0) {
            return -1;
        }
        int n = ch.read(ByteBuffer.wrap(b, off, (int) Math.min(len, remaining)));
        if (n < 0) {
            throw new IOException("stored object is shorter than its size said");
        }
        remaining -= n;
        return n;
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}
