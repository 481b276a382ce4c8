package org.chorus.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.chorus.hub.accounts.AuthThrottle;
import org.chorus.server.ServerContract;
import org.chorus.server.ServerFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Wrong tokens from one address, or naming one account, are answered 429 with Retry-After once over the limit;
 * a correct token from the same address keeps working throughout. (Window resets: AuthThrottleContract in hub.)
 */
abstract class AuthThrottleOverHttpContract extends ServerContract {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final AuthThrottle.Limits LIMITS = AuthThrottle.Limits.DEFAULT;

    String bob;

    @BeforeEach
    void setUp() throws Exception {
        server.send("POST", "/api/chorus/users", ServerFixture.ADMIN_TOKEN, "{\"name\":\"bob\"}");
        bob = JSON.readTree(server.send("POST", "/api/chorus/users/bob/tokens", ServerFixture.ADMIN_TOKEN,
                "{\"name\":\"t\",\"role\":\"write\"}").body()).path("token").asText();
    }

    static String wrong(int i) {
        return "hf_" + String.format("%034d", i);
    }

    @Test
    void wrongTokensFromOneAddressAreThrottledAndACorrectOneStillWorks() throws Exception {
        for (int i = 0; i < LIMITS.perAddress(); i++) {
            assertThat(get("/api/whoami-v2", "Bearer " + wrong(i)).statusCode()).isEqualTo(401);
        }

        HttpResponse<String> throttled = get("/api/whoami-v2", "Bearer " + wrong(-1));
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(Long.parseLong(throttled.headers().firstValue("Retry-After").orElseThrow()))
                .isBetween(1L, LIMITS.window().toSeconds());
        assertThat(throttled.headers().firstValue("X-Error-Code")).contains("TooManyRequests");
        assertThat(JSON.readTree(throttled.body()).path("error").asText()).contains("retry in");

        assertThat(get("/api/whoami-v2", "Bearer " + bob).statusCode()).isEqualTo(200);
        assertThat(get("/api/whoami-v2", null).statusCode()).isEqualTo(401);
        HttpResponse<String> mlflow = get("/api/2.0/mlflow/experiments/search?max_results=1", "Bearer " + wrong(-2));
        assertThat(mlflow.statusCode()).isEqualTo(429);
        assertThat(JSON.readTree(mlflow.body()).path("error_code").asText()).isEqualTo("REQUEST_LIMIT_EXCEEDED");
        assertThat(get("/api/2.0/mlflow/experiments/search?max_results=1", "Bearer " + bob).statusCode()).isEqualTo(200);
    }

    @Test
    void wrongTokensNamingOneAccountAreThrottledBeforeTheAddressIs() throws Exception {
        for (int i = 0; i < LIMITS.perAccount(); i++) {
            assertThat(get("/api/whoami-v2", basic("bob", wrong(i))).statusCode()).isEqualTo(401);
        }

        assertThat(get("/api/whoami-v2", basic("Bob", wrong(-1))).statusCode()).isEqualTo(429);
        assertThat(get("/api/whoami-v2", basic("carol", wrong(-1))).statusCode()).isEqualTo(401);
        assertThat(get("/api/whoami-v2", "Bearer " + wrong(-1)).statusCode()).isEqualTo(401);
        assertThat(get("/api/whoami-v2", basic("bob", bob)).statusCode()).isEqualTo(200);
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse<String> get(String path, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path)).GET();
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
