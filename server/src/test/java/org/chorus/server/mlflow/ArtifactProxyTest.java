package org.chorus.server.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.chorus.server.ServerFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Artifacts round-trip through MLflow's proxy API: put, get, list, delete, multipart; bad paths refused. */
class ArtifactProxyTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String TOKEN = ServerFixture.ADMIN_TOKEN;
    static final String BASE = "/api/2.0/mlflow-artifacts/";

    @TempDir
    Path dir;
    ServerFixture server;
    /** The experiment the artifacts are under: a path naming no experiment is a site admin's only. */
    String exp;

    @BeforeEach
    void setUp() throws Exception {
        server = ServerFixture.sqlite(dir);
        exp = json(server.send("POST", "/api/2.0/mlflow/experiments/create", TOKEN, "{\"name\":\"proxy\"}")).path("experiment_id").asText();
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    @Test
    void filesRoundTripAndListAndDelete() throws Exception {
        assertThat(server.send("PUT", BASE + "artifacts/" + exp + "/run1/artifacts/model/weights.bin", TOKEN, "0123456789").statusCode()).isEqualTo(200);
        server.send("PUT", BASE + "artifacts/" + exp + "/run1/artifacts/notes.txt", TOKEN, "hello");

        assertThat(server.get(BASE + "artifacts/" + exp + "/run1/artifacts/model/weights.bin", null).body()).isEqualTo("0123456789");
        JsonNode listing = json(server.get(BASE + "artifacts?path=" + exp + "/run1/artifacts", null));
        assertThat(listing.path("files")).hasSize(2);
        assertThat(listing.path("files").get(0).path("path").asText()).isEqualTo("model");
        assertThat(listing.path("files").get(0).path("is_dir").asBoolean()).isTrue();
        assertThat(listing.path("files").get(1).path("file_size").asLong()).isEqualTo(5);

        assertThat(server.send("DELETE", BASE + "artifacts/" + exp + "/run1/artifacts/model", TOKEN, null).statusCode()).isEqualTo(200);
        HttpResponse<String> gone = server.get(BASE + "artifacts/" + exp + "/run1/artifacts/model/weights.bin", null);
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(json(gone).path("error_code").asText()).isEqualTo("RESOURCE_DOES_NOT_EXIST");
    }

    @Test
    void multipartUploadsJoinPartsInOrder() throws Exception {
        JsonNode created = json(server.send("POST", BASE + "mpu/create/" + exp + "/r/artifacts/big.bin", TOKEN,
                "{\"path\":\"" + exp + "/r/artifacts/big.bin\",\"num_parts\":2}"));
        String upload = created.path("upload_id").asText();
        String part2 = created.path("credentials").get(1).path("url").asText();
        String part1 = created.path("credentials").get(0).path("url").asText();
        server.send("PUT", part2.substring(part2.indexOf(BASE)), TOKEN, "world");
        server.send("PUT", part1.substring(part1.indexOf(BASE)), TOKEN, "hello ");

        HttpResponse<String> done = server.send("POST", BASE + "mpu/complete/" + exp + "/r/artifacts/big.bin", TOKEN,
                "{\"upload_id\":\"" + upload + "\",\"parts\":[{\"part_number\":2},{\"part_number\":1}]}");

        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        assertThat(server.get(BASE + "artifacts/" + exp + "/r/artifacts/big.bin", null).body()).isEqualTo("hello world");
        HttpResponse<String> abort = server.send("POST", BASE + "mpu/abort/" + exp + "/r/artifacts/big.bin", TOKEN, "{\"upload_id\":\"" + upload + "\"}");
        assertThat(abort.statusCode()).isEqualTo(404);
    }

    @Test
    void traversalAndAnonymousWritesAreRefused() throws Exception {
        HttpResponse<String> traversal = server.send("PUT", BASE + "artifacts/1/%2e%2e/%2e%2e/escape.txt", TOKEN, "x");
        assertThat(traversal.statusCode()).isIn(400, 404);
        assertThat(dir.resolve("escape.txt")).doesNotExist();
        HttpResponse<String> anonymous = server.send("PUT", BASE + "artifacts/1/x.txt", null, "x");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(json(anonymous).path("error_code").asText()).isEqualTo("UNAUTHENTICATED");
    }
}
