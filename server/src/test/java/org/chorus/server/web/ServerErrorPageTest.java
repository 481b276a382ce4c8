package org.chorus.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import org.chorus.core.db.Database;
import org.chorus.core.db.TestDatabases;
import org.chorus.hub.accounts.WebSessions;
import org.chorus.server.http.RequestObservation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A page that fails unexpectedly answers the 500 page with the request id, and no stack trace or message leaks. */
class ServerErrorPageTest {
    @TempDir
    Path dir;

    @Test
    void aFailingPageShowsTheRequestId() {
        try (Database db = TestDatabases.sqlite(dir)) {
            WebAuth auth = new WebAuth(WebSessions.create(db, Clock.systemUTC()));
            RequestObservation observation = new RequestObservation(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), "test-node");
            Javalin app = Javalin.create(c -> {
                c.startup.showJavalinBanner = false;
                c.routes.before(observation::assignId);
                c.routes.get("/boom", new WebRoutes.PageHandlerAdapter(auth, null, ctx -> { // fails before any repository lookup
                    throw new IllegalStateException("secret internals");
                }, false));
            }).start("127.0.0.1", 0);
            try {
                WebClient client = new WebClient("http://127.0.0.1:" + app.port());
                client.headers.put("X-Request-Id", "trace-me-42");
                HttpResponse<String> r = client.get("/boom");
                assertThat(r.statusCode()).isEqualTo(500);
                assertThat(r.body()).contains("Something went wrong").contains("<code class=\"request-id\">trace-me-42</code>")
                        .doesNotContain("secret internals").doesNotContain("IllegalStateException");
            } finally {
                app.stop();
            }
        }
    }
}
