package org.chorus.server;

import io.javalin.config.RoutesConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.core.db.Database;
import org.chorus.server.http.Routes;

/** Liveness for load balancers, and Prometheus metrics: behind a bearer token when the server has one for them. */
final class HealthRoutes implements Routes {
    private final Database db;
    private final PrometheusMeterRegistry registry;
    private final String nodeId;
    private final byte[] metricsToken;

    HealthRoutes(Database db, PrometheusMeterRegistry registry, String metricsToken, String nodeId) {
        this.db = db;
        this.nodeId = nodeId;
        this.registry = registry;
        this.metricsToken = metricsToken == null ? null : metricsToken.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/health", ctx -> {
            int one = db.withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one());
            ctx.json(Map.of("status", one == 1 ? "ok" : "degraded", "database", db.dialect().name().toLowerCase(java.util.Locale.ROOT),
                    "node", nodeId));
        });
        routes.get("/metrics", ctx -> {
            if (metricsToken != null) {
                String header = ctx.header("Authorization");
                byte[] given = header != null && header.startsWith("Bearer ")
                        ? header.substring("Bearer ".length()).strip().getBytes(StandardCharsets.UTF_8) : new byte[0];
                if (!MessageDigest.isEqual(metricsToken, given)) {
                    throw new ChorusException(ErrorCode.UNAUTHENTICATED, "/metrics needs the server's metrics token: Authorization: Bearer <token>");
                }
            }
            ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape());
        });
    }
}
