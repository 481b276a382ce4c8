package org.chorus.server;

import io.javalin.config.RoutesConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import org.chorus.core.db.Database;
import org.chorus.server.http.Routes;

/** Liveness for load balancers and Prometheus metrics. */
final class HealthRoutes implements Routes {
    private final Database db;
    private final PrometheusMeterRegistry registry;

    HealthRoutes(Database db, PrometheusMeterRegistry registry) {
        this.db = db;
        this.registry = registry;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/health", ctx -> {
            int one = db.withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one());
            ctx.json(Map.of("status", one == 1 ? "ok" : "degraded", "database", db.dialect().name().toLowerCase(java.util.Locale.ROOT)));
        });
        routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape()));
    }
}
