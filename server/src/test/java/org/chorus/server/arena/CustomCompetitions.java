package org.chorus.server.arena;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chorus.server.ServerContract.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.chorus.server.ServerFixture;

/**
 * Competitions scored by workers over one test server's API: a host, two participants (alice and bob), and helpers
 * for creating, submitting, registering workers and calling the worker API. Solutions hold ids r0…r99, a truth and a
 * quoted weight column; submissions ids r0…r99 and a guess.
 */
public final class CustomCompetitions {
    public static final String BASE = "/api/chorus/competitions";
    public static final String WORKERS = "/api/chorus/workers";
    public static final int ROWS = 100;

    public final ServerFixture server;
    public final String host;
    public final String alice;
    public final String bob;

    public CustomCompetitions(ServerFixture server) {
        this.server = server;
        this.host = user("hostess");
        this.alice = user("alice");
        this.bob = user("bob");
    }

    public String user(String name) {
        assertThat(server.send("POST", "/api/chorus/users", ServerFixture.ADMIN_TOKEN, "{\"name\":\"" + name + "\"}").statusCode()).isEqualTo(201);
        return json(server.send("POST", "/api/chorus/users/" + name + "/tokens", ServerFixture.ADMIN_TOKEN, "{\"name\":\"t\",\"role\":\"write\"}"))
                .path("token").asText();
    }

    /** A competition scored by workers: {@code metric} custom or custom_loss, ids r0…r99 with a weight column. */
    public void competition(String name, String metric, String mode) {
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(3600);
        HttpResponse<String> created = server.send("POST", BASE, host, "{\"name\":\"" + name + "\",\"title\":\"Widgets\",\"metric\":\"" + metric
                + "\",\"mode\":\"" + mode + "\",\"phases\":[{\"name\":\"main\",\"start\":\"" + start + "\",\"end\":\"" + start.plusSeconds(86400 * 30)
                + "\",\"dailyCap\":50}]}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String solution = "id,truth,weight\n" + IntStream.range(0, ROWS).mapToObj(i -> "r" + i + "," + (i % 7) + ",\"1,5\"").collect(Collectors.joining("\n"));
        assertThat(csv("PUT", BASE + "/" + name + "/solution", host, solution).statusCode()).isEqualTo(200);
        for (String token : List.of(alice, bob)) {
            assertThat(server.send("POST", BASE + "/" + name + "/join", token, "{\"acceptRules\":true}").statusCode()).isEqualTo(201);
        }
    }

    public String submit(String competition, String token) {
        String body = "id,guess\n" + IntStream.range(0, ROWS).mapToObj(i -> "r" + i + "," + (i % 5)).collect(Collectors.joining("\n"));
        HttpResponse<String> r = csv("POST", BASE + "/" + competition + "/submissions", token, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(json(r).path("status").asText()).isEqualTo("queued");
        return json(r).path("id").asText();
    }

    public String register(String competition, String worker) {
        HttpResponse<String> r = server.send("POST", BASE + "/" + competition + "/workers", host, "{\"name\":\"" + worker + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r).path("token").asText();
    }

    public HttpResponse<String> csv(String method, String path, String token, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path)).method(method, HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "text/csv").header("Authorization", "Bearer " + token);
        return ServerFixture.send(b, HttpResponse.BodyHandlers.ofString());
    }

    /** A worker API call with the worker's token and, when not null, a lease header. */
    public HttpResponse<String> call(String method, String path, String token, String lease, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + WORKERS + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (lease != null) {
            b.header("X-Chorus-Lease", lease);
        }
        return ServerFixture.send(b, HttpResponse.BodyHandlers.ofString());
    }

    public JsonNode claim(String token, int leaseSeconds) {
        HttpResponse<String> r = call("POST", "/claim?wait=5&lease=" + leaseSeconds, token, null, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r);
    }

    public String losses(double[] values) {
        return Arrays.stream(values).mapToObj(Double::toString).collect(Collectors.joining(",", "[", "]"));
    }

    public double[] filled(int n, double v) {
        double[] out = new double[n];
        Arrays.fill(out, v);
        return out;
    }

    public JsonNode mine(String competition, String token, String submission) {
        for (JsonNode s : json(server.get(BASE + "/" + competition + "/submissions", token))) {
            if (s.path("id").asText().equals(submission)) {
                return s;
            }
        }
        throw new AssertionError("no submission " + submission);
    }

}
