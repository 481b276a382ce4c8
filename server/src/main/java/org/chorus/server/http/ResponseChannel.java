package org.chorus.server.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import org.eclipse.jetty.ee10.servlet.HttpOutput;

/**
 * A response body as a channel. Jetty's output takes buffers as they are, so a memory-mapped buffer of stored bytes
 * goes to the socket without a copy through the heap (Servlet 6.0's stream only takes arrays).
 */
public final class ResponseChannel implements WritableByteChannel {
    private final HttpOutput out;
    private boolean open = true;

    private ResponseChannel(HttpOutput out) {
        this.out = out;
    }

    public static WritableByteChannel of(OutputStream out) {
        return out instanceof HttpOutput h ? new ResponseChannel(h) : Channels.newChannel(out);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        int n = src.remaining();
        out.write(src);
        return n;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        open = false;
    }
}
