package org.chorus.server.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.ee10.servlet.HttpOutput;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.io.ManagedSelector;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * A socket end point that sends one marked buffer as a region of a file with {@link FileChannel#transferTo}
 * (sendfile: the kernel copies from the page cache to the socket; no page faults or copy in this process). Jetty
 * counts, frames and flushes the buffer as any other (it holds the same bytes, memory-mapped), so its bookkeeping of
 * Content-Length, blocking and write interest is untouched; only the last step, the system call, differs. If Jetty
 * hands the end point another buffer (a copy, a slice), its bytes are written as usual: the result is the same bytes.
 */
final class SendfileEndPoint extends SocketChannelEndPoint {
    /** Bytes sent as file regions since start (see {@link ResponseChannel#bytesSentAsFileRegions()}). */
    static final LongAdder SENT = new LongAdder();

    /** {@code buffer} holds bytes {@code [origin + i]} of {@code file} at its index {@code i}. */
    private record Region(ByteBuffer buffer, FileChannel file, long origin) {}

    private volatile Region region;

    SendfileEndPoint(SocketChannel channel, ManagedSelector selector, SelectionKey key, Scheduler scheduler) {
        super(channel, selector, key, scheduler);
    }

    /** Writes {@code mapped} (bytes {@code [position, ...)} of {@code file}) through {@code out}, as a file region. */
    void writeRegion(HttpOutput out, ByteBuffer mapped, FileChannel file, long position) throws IOException {
        region = new Region(mapped, file, position - mapped.position());
        try {
            out.write(mapped);
        } finally {
            region = null;
        }
    }

    @Override
    public boolean flush(ByteBuffer... buffers) throws IOException {
        Region r = region;
        if (r == null) {
            return super.flush(buffers);
        }
        for (ByteBuffer b : buffers) {
            boolean done = b == r.buffer ? transfer(r) : !b.hasRemaining() || super.flush(b);
            if (!done) {
                return false;
            }
        }
        return true;
    }

    /** Sends what the socket takes now; false when it is full (Jetty then waits until it is writable and asks again). */
    private boolean transfer(Region r) throws IOException {
        ByteBuffer b = r.buffer;
        try {
            while (b.hasRemaining()) {
                long at = r.origin + b.position();
                long n = r.file.transferTo(at, b.remaining(), getChannel());
                if (n == 0) {
                    if (r.file.size() < at + b.remaining()) {
                        // A file shorter than the mapping: never writable; fail rather than spin.
                        throw new IOException("file region past the end of its file");
                    }
                    return false;
                }
                b.position(b.position() + (int) n);
                SENT.add(n);
                notIdle();
            }
            return true;
        } catch (IOException e) {
            throw new EofException(e);
        }
    }
}
