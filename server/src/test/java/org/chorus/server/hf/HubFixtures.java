package org.chorus.server.hf;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.chorus.server.ServerFixture;

/** Users, tokens and external processes for hub tests over HTTP. */
final class HubFixtures {
    static final ObjectMapper JSON = new ObjectMapper();

    private HubFixtures() {}

    /** Creates a user and returns a token with the given role ("read" or "write"). */
    static String user(ServerFixture server, String name, String role) {
        HttpResponse<String> u = server.send("POST", "/api/chorus/users", ServerFixture.ADMIN_TOKEN, "{\"name\":\"" + name + "\"}");
        assertThat(u.statusCode()).as(u.body()).isIn(201, 409);
        return token(server, name, role);
    }

    static String token(ServerFixture server, String name, String role) {
        HttpResponse<String> t = server.send("POST", "/api/chorus/users/" + name + "/tokens", ServerFixture.ADMIN_TOKEN,
                "{\"name\":\"t" + System.nanoTime() + "\",\"role\":\"" + role + "\"}");
        assertThat(t.statusCode()).as(t.body()).isEqualTo(201);
        return json(t).path("token").asText();
    }

    static JsonNode json(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + r.body(), e);
        }
    }

    record Result(int exitCode, String output) {}

    /** Where the official JS client is installed for tests (by {@link #officialJsClient()}). */
    static final Path JS = Path.of("src/test/js").toAbsolutePath();

    /** Makes sure node and the official {@code @huggingface/hub} client are there, installing the client with npm ci. */
    static Path officialJsClient() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/node")), "needs node at /usr/bin/node");
        if (!Files.isDirectory(JS.resolve("node_modules/@huggingface/hub"))) {
            Result ci = run(JS, Map.of(), 300, "npm", "ci", "--no-audit", "--no-fund");
            assertThat(ci.exitCode()).as(ci.output()).isZero();
        }
        return JS;
    }

    /** Runs a command to completion, stdout and stderr merged. */
    static Result run(Path dir, Map<String, String> env, long timeoutSeconds, String... command) {
        try {
            ProcessBuilder pb = new ProcessBuilder(List.of(command)).directory(dir.toFile()).redirectErrorStream(true);
            pb.environment().putAll(env);
            Path log = Files.createTempFile("chorus-run", ".log");
            pb.redirectOutput(log.toFile());
            Process p = pb.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, Files.readString(log) + "\n[timed out after " + timeoutSeconds + "s]");
            }
            String out = Files.readString(log);
            Files.deleteIfExists(log);
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
