package org.chorus.server.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import org.chorus.storage.FileRegionChannel;
import org.eclipse.jetty.ee10.servlet.HttpOutput;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;

/**
 * A response body as a channel. Jetty's output takes buffers as they are, so a memory-mapped buffer of stored bytes
 * goes to the socket without a copy through the heap (Servlet 6.0's stream only takes arrays); on a
 * {@link SendfileConnector} a file region goes out with sendfile.
 */
public final class ResponseChannel implements FileRegionChannel {
    private final HttpOutput out;
    private final SendfileEndPoint sendfile;
    private boolean open = true;

    private ResponseChannel(HttpOutput out, SendfileEndPoint sendfile) {
        this.out = out;
        this.sendfile = sendfile;
    }

    /** The body of {@code ctx}'s response; headers set so far are sent with the first bytes. */
    public static WritableByteChannel of(Context ctx) throws IOException {
        OutputStream out = ctx.res().getOutputStream();
        if (!(out instanceof HttpOutput h)) {
            return Channels.newChannel(out);
        }
        ServletContextRequest request = ServletContextRequest.getServletContextRequest(ctx.req());
        Object endPoint = request == null ? null : request.getServletChannel().getEndPoint();
        return new ResponseChannel(h, endPoint instanceof SendfileEndPoint s ? s : null);
    }

    /** Bytes this process has sent as file regions (sendfile), for tests and diagnosis. */
    public static long bytesSentAsFileRegions() {
        return SendfileEndPoint.SENT.sum();
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        int n = src.remaining();
        out.write(src);
        return n;
    }

    @Override
    public void writeRegion(ByteBuffer mapped, FileChannel file, long position) throws IOException {
        if (sendfile == null) {
            write(mapped);
        } else {
            sendfile.writeRegion(out, mapped, file, position);
        }
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
