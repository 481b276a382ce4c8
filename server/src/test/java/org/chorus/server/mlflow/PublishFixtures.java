package org.chorus.server.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import org.chorus.server.ServerFixture;

/** Accounts, hub repositories, runs with artifacts and registered versions over HTTP, for the publishing tests. */
final class PublishFixtures {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String API = "/api/2.0/mlflow/";
    static final String ARTIFACTS = "/api/2.0/mlflow-artifacts/artifacts/";

    private final ServerFixture server;

    PublishFixtures(ServerFixture server) {
        this.server = server;
    }

    static JsonNode json(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + r.body(), e);
        }
    }

    /** Sends and expects 2xx; the answer as JSON. */
    JsonNode ok(String method, String path, String token, String body) {
        HttpResponse<String> r = server.send(method, path, token, body);
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isBetween(200, 299);
        return json(r);
    }

    /** A user and a token of the given role ("read" or "write"). */
    String user(String name, String role) {
        server.send("POST", "/api/chorus/users", ServerFixture.ADMIN_TOKEN, "{\"name\":\"" + name + "\"}");
        return ok("POST", "/api/chorus/users/" + name + "/tokens", ServerFixture.ADMIN_TOKEN,
                "{\"name\":\"t" + System.nanoTime() + "\",\"role\":\"" + role + "\"}").path("token").asText();
    }

    /** A model repository with one commit holding {@code README.md}; returns that commit. */
    String repo(String token, String owner, String name, boolean isPrivate, String readme) {
        ok("POST", "/api/repos/create", token, "{\"name\":\"" + name + "\",\"organization\":\"" + owner + "\",\"type\":\"model\",\"private\":" + isPrivate + "}");
        String ndjson = "{\"key\":\"header\",\"value\":{\"summary\":\"card\"}}\n"
                + "{\"key\":\"file\",\"value\":{\"path\":\"README.md\",\"content\":" + JSON.valueToTree(readme) + ",\"encoding\":\"utf-8\"}}\n";
        return ok("POST", "/api/models/" + owner + "/" + name + "/commit/main", token, ndjson).path("commitOid").asText();
    }

    /** A run in a new experiment; returns {run id, experiment id}. */
    String[] run(String token, String experiment) {
        String exp = ok("POST", API + "experiments/create", token, "{\"name\":\"" + experiment + "\"}").path("experiment_id").asText();
        String run = ok("POST", API + "runs/create", token, "{\"experiment_id\":\"" + exp + "\",\"run_name\":\"sweep-7\"}")
                .path("run").path("info").path("run_id").asText();
        return new String[] {run, exp};
    }

    void putArtifact(String token, String experiment, String run, String path, String content) {
        ok("PUT", ARTIFACTS + experiment + "/" + run + "/artifacts/" + path, token, content);
    }

    /** Registers version 1.. of {@code model} (creating the model if needed); returns the version number. */
    String version(String token, String model, String source, String runId) {
        server.send("POST", API + "registered-models/create", token, "{\"name\":\"" + model + "\"}");
        return ok("POST", API + "model-versions/create", token, "{\"name\":\"" + model + "\",\"source\":\"" + source + "\""
                + (runId == null ? "" : ",\"run_id\":\"" + runId + "\"") + "}").path("model_version").path("version").asText();
    }

    HttpResponse<String> publish(String token, String model, String version, String repo) {
        return server.send("POST", API + "model-versions/publish", token,
                "{\"name\":\"" + model + "\",\"version\":\"" + version + "\",\"repo\":\"" + repo + "\"}");
    }
}
