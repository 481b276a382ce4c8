package org.chorus.server.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request refused before its body was read (413) still has that body on the wire. Closing the connection on it
 * makes the client see a reset instead of our answer, so up to a bound the body is read and thrown away first;
 * beyond the bound the connection is given up, as nothing else is affordable.
 */
public final class UnreadBodies {
    private static final long DRAIN_LIMIT = 64L << 20;

    private UnreadBodies() {}

    public static void discard(Context ctx) {
        long length = ctx.req().getContentLengthLong();
        if (length > DRAIN_LIMIT) {
            ctx.header("Connection", "close");
            return;
        }
        try (InputStream in = ctx.req().getInputStream()) {
            in.skipNBytes(Math.max(0, length));
        } catch (IOException | RuntimeException e) {
            ctx.header("Connection", "close");
        }
    }
}
