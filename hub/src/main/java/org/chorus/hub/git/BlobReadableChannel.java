package org.chorus.hub.git;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import org.chorus.storage.BlobStore;

/**
 * A pack blob read through ranged requests (S3): each miss fetches a 1 MiB window from the position asked for, and
 * reads inside the window cost no request. JGit opens a channel per block its cache loads, so the cache's blocks are
 * a window each ({@link DfsGitStore#CACHE_BLOCK}); a stream (an index loaded, a pack copied out) reads on a window at a time.
 */
final class BlobReadableChannel implements org.eclipse.jgit.internal.storage.dfs.ReadableChannel {
    static final int WINDOW = 1 << 20;

    private final BlobStore blobs;
    private final String name;
    private final long size;
    private long position;
    private byte[] window = new byte[0];
    private long windowStart;
    private int readAhead = WINDOW;
    private boolean open = true;

    BlobReadableChannel(BlobStore blobs, String name, long size) {
        this.blobs = blobs;
        this.name = name;
        this.size = size;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (!open) {
            throw new ClosedChannelException();
        }
        if (position >= size) {
            return -1;
        }
        if (position < windowStart || position >= windowStart + window.length) {
            fill(Math.max(dst.remaining(), readAhead));
        }
        int offset = (int) (position - windowStart);
        int n = Math.min(dst.remaining(), window.length - offset);
        dst.put(window, offset, n);
        position += n;
        return n;
    }

    /** One ranged GET (the size is known: no HEAD first); a blob shorter than {@link #size} fails as out of range. */
    private void fill(int want) throws IOException {
        long end = Math.min(size, position + want);
        try {
            window = blobs.getRange(name, position, end);
        } catch (RuntimeException e) {
            throw new IOException("cannot read " + name + ": " + e.getMessage(), e);
        }
        windowStart = position;
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public void position(long newPosition) {
        position = newPosition;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public int blockSize() {
        return 0; // any alignment: the window absorbs JGit's block reads
    }

    @Override
    public void setReadAheadBytes(int bufferSize) {
        readAhead = Math.max(WINDOW, bufferSize);
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        open = false;
        window = new byte[0];
    }
}
