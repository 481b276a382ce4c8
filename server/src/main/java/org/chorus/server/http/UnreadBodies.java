package org.chorus.server.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request refused before its body was read (413, or a 401/403/400 decided from the headers) still has that body on
 * the wire. Closing the connection on it makes the client see a reset instead of our answer, so up to a bound the
 * rest of the body is read and thrown away first; beyond the bound the connection is given up, as nothing else is
 * affordable. A body the handler already read costs nothing here.
 */
public final class UnreadBodies {
    private static final long DRAIN_LIMIT = 64L << 20;

    private UnreadBodies() {}

    public static void discard(Context ctx) {
        if (ctx.req().getContentLengthLong() > DRAIN_LIMIT) {
            ctx.header("Connection", "close");
            return;
        }
        byte[] buffer = new byte[64 << 10];
        long read = 0;
        try (InputStream in = ctx.req().getInputStream()) {
            for (int n; read <= DRAIN_LIMIT && (n = in.read(buffer)) >= 0; ) {
                read += n;
            }
        } catch (IOException | RuntimeException e) {
            ctx.header("Connection", "close");
            return;
        }
        if (read > DRAIN_LIMIT) {
            ctx.header("Connection", "close");
        }
    }
}
