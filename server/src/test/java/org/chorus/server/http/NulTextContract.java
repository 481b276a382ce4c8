package org.chorus.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.chorus.discovery.SnapshotFiles;
import org.chorus.server.ServerContract;
import org.chorus.server.ServerFixture;
import org.chorus.server.StderrCapture;
import org.junit.jupiter.api.Test;

/**
 * U+0000 (NUL) in text a client sends: PostgreSQL's text cannot hold it (500 with the driver's "invalid byte
 * sequence" while SQLite stored it), so it is a 400 naming the field on every MLflow and page field, a skipped row of
 * an ecosystem import, and taken out of a model card (derived data), the same on both databases.
 */
abstract class NulTextContract extends ServerContract {
    static final String M = "/api/2.0/mlflow/";

    record Call(String method, String path, String body, String field) {}

    @Test
    void everyMlflowStringFieldWithANulIsInvalidParameterValueNamingTheField() throws Exception {
        // Prepare
        String experiment = json(server.send("POST", M + "experiments/create", ServerFixture.ADMIN_TOKEN, "{\"name\":\"e\"}"))
                .path("experiment_id").asText();
        String run = json(server.send("POST", M + "runs/create", ServerFixture.ADMIN_TOKEN, "{\"experiment_id\":\"" + experiment + "\"}"))
                .path("run").path("info").path("run_id").asText();
        assertThat(server.send("POST", M + "registered-models/create", ServerFixture.ADMIN_TOKEN, "{\"name\":\"rm\"}").statusCode()).isEqualTo(200);
        String nul = "a\\u0000b";
        List<Call> calls = List.of(
                new Call("POST", "experiments/create", "{\"name\":\"" + nul + "\"}", "name"),
                new Call("POST", "experiments/update", "{\"experiment_id\":\"" + experiment + "\",\"new_name\":\"" + nul + "\"}", "new_name"),
                new Call("POST", "runs/create", "{\"experiment_id\":\"" + experiment + "\",\"run_name\":\"" + nul + "\"}", "run_name"),
                new Call("POST", "runs/log-parameter", "{\"run_id\":\"" + run + "\",\"key\":\"p\",\"value\":\"" + nul + "\"}", "value"),
                new Call("POST", "runs/set-tag", "{\"run_id\":\"" + run + "\",\"key\":\"t\",\"value\":\"" + nul + "\"}", "value"),
                new Call("POST", "runs/log-batch", "{\"run_id\":\"" + run + "\",\"params\":[{\"key\":\"" + nul + "\",\"value\":\"v\"}]}", "params[0].key"),
                new Call("POST", "runs/log-batch", "{\"run_id\":\"" + run + "\",\"metrics\":[{\"key\":\"" + nul + "\",\"value\":1,\"timestamp\":1,\"step\":0}]}", "metrics[0].key"),
                new Call("POST", "registered-models/create", "{\"name\":\"" + nul + "\"}", "name"),
                new Call("POST", "registered-models/create", "{\"name\":\"rm2\",\"description\":\"" + nul + "\"}", "description"),
                new Call("PATCH", "registered-models/update", "{\"name\":\"rm\",\"description\":\"" + nul + "\"}", "description"),
                new Call("POST", "registered-models/set-tag", "{\"name\":\"rm\",\"key\":\"k\",\"value\":\"" + nul + "\"}", "value"),
                new Call("POST", "runs/search", "{\"experiment_ids\":[\"" + experiment + "\"],\"filter\":\"params.p = '" + nul + "'\"}", "filter"),
                new Call("POST", "experiments/search", "{\"filter\":\"name = '" + nul + "'\"}", "filter"),
                new Call("GET", "experiments/get-by-name?experiment_name=a%00b", null, "experiment_name"),
                new Call("GET", "registered-models/get?name=a%00b", null, "name"),
                new Call("GET", "runs/search?experiment_ids=" + experiment + "&filter=params.p%20%3D%20%27a%00b%27", null, "filter"));
        List<String> wrong = new ArrayList<>();
        String logged;
        try (StderrCapture log = new StderrCapture()) {
            // Execute
            for (Call c : calls) {
                HttpResponse<String> r = server.send(c.method(), M + c.path(), ServerFixture.ADMIN_TOKEN, c.body());
                JsonNode error = r.statusCode() == 400 ? json(r) : null;
                if (error == null || !error.path("error_code").asText().equals("INVALID_PARAMETER_VALUE")
                        || !error.path("message").asText().contains("'" + c.field() + "'")) {
                    wrong.add(c + " → " + r.statusCode() + " " + r.body());
                }
            }
            logged = log.text();
        }

        // Assert
        assertThat(wrong).isEmpty();
        assertThat(logged).doesNotContain("\tat ").doesNotContain("ERROR");
        assertThat(json(server.send("GET", M + "experiments/search?max_results=100", ServerFixture.ADMIN_TOKEN, null))
                .path("experiments").findValuesAsText("name")).containsExactlyInAnyOrder("e", "Default");
    }

    @Test
    void aNulInAPageFormIsA400PageNamingTheFieldNotAServerError() {
        // Prepare
        String csrf = "nulCsrfToken0123456789abcdefghijklmnopqrstuvwxyz".substring(0, 43);
        HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(server.url() + "/experiments"))
                .POST(HttpRequest.BodyPublishers.ofString("name=web%00nul"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", "chorus_csrf=" + csrf)
                .header("X-CSRF-Token", csrf).header("Authorization", "Bearer " + ServerFixture.ADMIN_TOKEN);

        // Execute
        HttpResponse<String> r = ServerFixture.send(post, HttpResponse.BodyHandlers.ofString());

        // Assert
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.body()).contains("U+0000").contains("for parameter ");
    }

    @Test
    void aSnapshotRowWithANulInItsTextIsSkippedAndTheRestImported() throws Exception {
        // Prepare
        List<SnapshotFiles.Model> models = new ArrayList<>(SnapshotFiles.models(20, 3, 2, 3, 5));
        SnapshotFiles.Model m = models.get(7);
        models.set(7, new SnapshotFiles.Model(m.id(), m.author(), m.downloads(), m.likes(), "p\u0000q", m.licence(), m.languages(),
                m.trainedOn(), m.base(), m.relation()));
        Path file = SnapshotFiles.writeModels(dir.resolve("models.parquet"), models);

        // Execute
        HttpResponse<String> r = ServerFixture.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/chorus/ecosystems/nul?type=model"))
                .header("Authorization", "Bearer " + ServerFixture.ADMIN_TOKEN).POST(HttpRequest.BodyPublishers.ofFile(file)),
                HttpResponse.BodyHandlers.ofString());

        // Assert
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r).path("imported").asLong()).as(r.body()).isEqualTo(19);
        assertThat(json(r).path("skipped").asLong()).as(r.body()).isEqualTo(1);
    }

    @Test
    void aCardWithNulsIsStoredWithoutThemAndItsTagsAndDataAreRead() throws Exception {
        // Prepare
        assertThat(server.send("POST", "/api/chorus/users", ServerFixture.ADMIN_TOKEN, "{\"name\":\"alice\"}").statusCode()).isEqualTo(201);
        String alice = json(server.send("POST", "/api/chorus/users/alice/tokens", ServerFixture.ADMIN_TOKEN,
                "{\"name\":\"t\",\"role\":\"write\"}")).path("token").asText();
        assertThat(server.send("POST", "/api/repos/create", alice, "{\"name\":\"carded\"}").statusCode()).isEqualTo(200);
        String owner = "alice";
        String readme = "---\nlicense: mit\ntags:\n- \"a\\0b\"\n- plain\n---\n# Card\nbody \u0000 text\n";
        String header = "{\"key\":\"header\",\"value\":{\"summary\":\"card with NULs\"}}";
        String file = "{\"key\":\"file\",\"value\":{\"path\":\"README.md\",\"content\":\""
                + Base64.getEncoder().encodeToString(readme.getBytes(StandardCharsets.UTF_8)) + "\",\"encoding\":\"base64\"}}";
        String logged;
        HttpResponse<String> commit;
        try (StderrCapture log = new StderrCapture()) {
            // Execute
            commit = server.send("POST", "/api/models/" + owner + "/carded/commit/main", alice, header + "\n" + file);
            logged = log.text();
        }

        // Assert
        assertThat(commit.statusCode()).as(commit.body()).isEqualTo(200);
        assertThat(logged).doesNotContain("RefFollowUp").doesNotContain("ERROR");
        JsonNode info = json(server.send("GET", "/api/models/" + owner + "/carded", null, null));
        List<String> tags = new ArrayList<>();
        info.path("tags").forEach(t -> tags.add(t.asText()));
        assertThat(tags).contains("ab", "plain", "license:mit");
        assertThat(info.path("cardData").path("license").asText()).isEqualTo("mit");
        assertThat(info.path("cardData").path("tags").get(0).asText()).isEqualTo("ab");
        byte[] committed = server.getBytes("/" + owner + "/carded/resolve/main/README.md", ServerFixture.ADMIN_TOKEN);
        assertThat(new String(committed, StandardCharsets.UTF_8)).isEqualTo(readme); // the README stays as committed
    }
}
