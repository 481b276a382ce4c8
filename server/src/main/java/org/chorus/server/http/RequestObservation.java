package org.chorus.server.http;

import io.javalin.http.Context;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Request ids, the access log and per-route request metrics, all keyed by the matched route template. */
public final class RequestObservation {
    private static final Logger ACCESS = LoggerFactory.getLogger("chorus.access");
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final String ID_ATTRIBUTE = "chorus.requestId";

    private final PrometheusMeterRegistry registry;
    private final String nodeId;

    /** Every sample carries the registry's common {@code node} tag; the access log and a response header name the node too. */
    public RequestObservation(PrometheusMeterRegistry registry, String nodeId) {
        this.registry = registry;
        this.nodeId = nodeId;
    }

    /** Before-handler: keeps a sane client-sent id so calls can be traced across services, else makes one. */
    public void assignId(Context ctx) {
        String sent = ctx.header("X-Request-Id");
        String id = sent != null && CLIENT_ID.matcher(sent).matches() ? sent : newId();
        ctx.attribute(ID_ATTRIBUTE, id);
        ctx.header("X-Request-Id", id);
        ctx.header("X-Chorus-Node", nodeId); // behind a load balancer, which node answered
    }

    /**
     * A random version-4 UUID from a thread-local generator: a trace id needs to be unique, not unguessable, and
     * {@code UUID.randomUUID()} serialises every request on the shared SecureRandom's lock.
     */
    private static String newId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long high = (r.nextLong() & ~0xF000L) | 0x4000L;
        long low = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    public static String requestId(Context ctx) {
        String id = ctx.attribute(ID_ATTRIBUTE);
        return id == null ? "-" : id;
    }

    /** Request logger: one access-log line and one timer sample per request. */
    public void record(Context ctx, Float millis) {
        String route = route(ctx);
        Timer.builder("chorus.http.requests")
                .description("HTTP requests by route template")
                .tag("method", ctx.method().name())
                .tag("route", route)
                .tag("status", Integer.toString(ctx.statusCode()))
                .publishPercentileHistogram(false)
                .register(registry)
                .record(Duration.ofNanos((long) (millis * 1_000_000)));
        ACCESS.info("{} {} {} {} {} {}ms", nodeId, requestId(ctx), ctx.method(), ctx.path(), ctx.statusCode(), Math.round(millis));
    }

    private static String route(Context ctx) {
        try {
            var endpoint = ctx.endpoint();
            return endpoint == null ? "unmatched" : endpoint.path;
        } catch (RuntimeException e) {
            return "unmatched";
        }
    }
}
