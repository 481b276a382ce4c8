package org.chorus.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.chorus.server.ServerContract;
import org.chorus.server.ServerFixture;
import org.chorus.server.StderrCapture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bodies that are not the JSON a route expects — nested past the parser's limit, numbers too long, bytes that are
 * not UTF-8, truncated, the wrong type — get a 4xx with a message on every JSON route, anonymous or not, and the
 * log shows the requests but no stack trace.
 */
abstract class HostileJsonContract extends ServerContract {
    static final HttpClient HTTP = HttpClient.newHttpClient();

    /** A route taking JSON, and who calls it. */
    record Route(String method, String path, String token) {}

    String alice;

    @BeforeEach
    void setUp() throws Exception {
        JsonNode user = JSON.readTree(server.send("POST", "/api/chorus/users", ServerFixture.ADMIN_TOKEN, "{\"name\":\"alice\"}").body());
        assertThat(user.path("name").asText()).isEqualTo("alice");
        alice = JSON.readTree(server.send("POST", "/api/chorus/users/alice/tokens", ServerFixture.ADMIN_TOKEN,
                "{\"name\":\"t\",\"role\":\"write\"}").body()).path("token").asText();
        assertThat(server.send("POST", "/api/repos/create", alice, "{\"name\":\"m\",\"organization\":\"alice\"}").statusCode()).isEqualTo(200);
    }

    static List<byte[]> hostileBodies() {
        return List.of(
                utf8("[".repeat(5000) + "]".repeat(5000)),
                utf8("{\"a\":".repeat(5000) + "1" + "}".repeat(5000)),
                utf8("{\"paths\":" + "[".repeat(101) + "]".repeat(101) + "}"),
                utf8("{\"size\":" + "9".repeat(5000) + ",\"name\":1" + "0".repeat(500) + "}"),
                new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'},
                utf8("{\"a\":\"\u0000\"}\u0000"),
                utf8("{\"name\":"),
                utf8("}"),
                utf8("null"),
                utf8("[]"),
                utf8("\"text\""),
                utf8("{}{}"));
    }

    List<Route> routes() {
        return List.of(
                new Route("POST", "/api/2.0/mlflow/runs/search", null),
                new Route("POST", "/api/2.0/mlflow/experiments/create", ServerFixture.ADMIN_TOKEN),
                new Route("POST", "/api/2.0/mlflow/runs/log-batch", ServerFixture.ADMIN_TOKEN),
                new Route("POST", "/api/models/alice/m/paths-info/main", null),
                new Route("POST", "/api/repos/create", alice),
                new Route("PUT", "/api/models/alice/m/settings", alice),
                new Route("POST", "/api/models/alice/m/preupload/main", alice),
                new Route("POST", "/api/models/alice/m/commit/main", alice),
                new Route("POST", "/alice/m.git/info/lfs/objects/batch", alice),
                new Route("POST", "/api/chorus/users", ServerFixture.ADMIN_TOKEN),
                new Route("POST", "/api/chorus/users/alice/tokens", alice));
    }

    @Test
    void everyHostileBodyIsAClientErrorWithAMessageAndNoStackTrace() throws Exception {
        String logged;
        try (StderrCapture log = new StderrCapture()) {
            for (Route route : routes()) {
                for (byte[] body : hostileBodies()) {
                    HttpResponse<String> r = send(route, body);
                    String what = route + " " + new String(body, 0, Math.min(body.length, 60), StandardCharsets.UTF_8);
                    assertThat(r.statusCode()).as(what + " → " + r.body()).isBetween(400, 499);
                    JsonNode error = JSON.readTree(r.body());
                    assertThat(error.path("error").asText(error.path("message").asText())).as(what).isNotBlank();
                }
            }
            logged = log.text();
        }
        assertThat(logged).contains("/api/2.0/mlflow/runs/search 400");
        assertThat(logged).doesNotContain("\tat ").doesNotContain("Exception").doesNotContain("ERROR");
    }

    HttpResponse<String> send(Route route, byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + route.path()))
                .method(route.method(), HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", "application/json");
        if (route.token() != null) {
            b.header("Authorization", "Bearer " + route.token());
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
