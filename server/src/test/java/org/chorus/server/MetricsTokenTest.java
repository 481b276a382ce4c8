package org.chorus.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.chorus.core.ChorusException;
import org.chorus.core.config.ChorusConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** serve --metrics-token: Prometheus scrapes with the token, anyone else gets a 401; samples carry the node id. */
class MetricsTokenTest {
    private static final String TOKEN = "metrics-secret-0123456789";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void metricsAnswerOnlyWithTheToken() throws Exception {
        ChorusConfig config = ChorusConfig.builder().host("127.0.0.1").port(0).dataDir(dir).federatedPort(-1)
                .metricsToken(TOKEN).nodeId("node-7").build();
        try (ChorusServer server = ChorusServer.start(config)) {
            assertThat(metrics(server, null).statusCode()).isEqualTo(401);
            assertThat(metrics(server, "Bearer wrong-token-0123456789").statusCode()).isEqualTo(401);
            HttpResponse<String> scraped = metrics(server, "Bearer " + TOKEN);

            assertThat(scraped.statusCode()).isEqualTo(200);
            assertThat(scraped.body()).contains("chorus_http_requests_seconds").contains("node=\"node-7\"");
            assertThat(scraped.headers().firstValue("X-Chorus-Node")).hasValue("node-7");
            assertThat(metrics(server, null).body()).contains("metrics token").doesNotContain(TOKEN);
        }
    }

    @Test
    void aShortMetricsTokenIsRefusedAtStart() {
        assertThatThrownBy(() -> ChorusConfig.builder().dataDir(dir).metricsToken("short").build())
                .isInstanceOf(ChorusException.class).hasMessageContaining("at least 16 characters");
    }

    private static HttpResponse<String> metrics(ChorusServer server, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
