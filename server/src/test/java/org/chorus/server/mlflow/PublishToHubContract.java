package org.chorus.server.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chorus.server.mlflow.PublishFixtures.API;
import static org.chorus.server.mlflow.PublishFixtures.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.chorus.server.ServerContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A version registered from a run is published to a hub repository: its artifacts and a model card land in one
 * commit, read back through the HF-compatible API, and the base model's family lists the new repository.
 */
abstract class PublishToHubContract extends ServerContract {
    /** Above the hub's 10 MiB LFS threshold, sent in parts that fit the fixture's 1 MiB body limit. */
    private static final int PART = 1_000_000;
    private static final int PARTS = 11;

    PublishFixtures f;

    @BeforeEach
    void setUp() {
        f = new PublishFixtures(server);
    }

    @AfterEach
    void tearDown() {
        if (server != null) { // null when PostgreSQL is not configured and the test was skipped
            server.close();
        }
    }

    @Test
    void publishedVersionIsAHubModelWithItsFilesCardAndLineage() throws Exception {
        String alice = f.user("alice", "write");
        f.repo(alice, "alice", "base", false, "---\nlicense: mit\n---\n# base\n");
        String[] run = f.run(alice, "fine-tunes");
        f.ok("POST", API + "runs/log-batch", alice, "{\"run_id\":\"" + run[0] + "\","
                + "\"params\":[{\"key\":\"lr\",\"value\":\"0.001\"},{\"key\":\"epochs\",\"value\":\"3\"},{\"key\":\"base_model\",\"value\":\"alice/base\"}],"
                + "\"metrics\":[{\"key\":\"accuracy\",\"value\":0.5,\"timestamp\":1,\"step\":0},{\"key\":\"accuracy\",\"value\":0.875,\"timestamp\":2,\"step\":1},"
                + "{\"key\":\"loss\",\"value\":0.25,\"timestamp\":2,\"step\":1}],"
                + "\"tags\":[{\"key\":\"library_name\",\"value\":\"transformers\"}]}");
        String config = "{\"hidden_size\": 32}";
        String weights = "tensor bytes \u00e9\u00e8 0123456789";
        f.putArtifact(alice, run[1], run[0], "model/config.json", config);
        f.putArtifact(alice, run[1], run[0], "model/weights/part-0.bin", weights);
        f.putArtifact(alice, run[1], run[0], "elsewhere.txt", "not part of the model");
        byte[] big = uploadInParts(alice, run[1] + "/" + run[0] + "/artifacts/model/big.bin");
        String version = f.version(alice, "tiny", "runs:/" + run[0] + "/model", run[0]);

        HttpResponse<String> published = f.publish(alice, "tiny", version, "alice/tiny-ft");

        assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
        JsonNode answer = json(published);
        String commit = answer.path("hub").path("commit").asText();
        assertThat(commit).matches("[0-9a-f]{40}");
        assertThat(answer.path("hub").path("repo").asText()).isEqualTo("alice/tiny-ft");
        assertThat(answer.path("hub").path("url").asText()).isEqualTo(server.url() + "/alice/tiny-ft");
        JsonNode stored = json(server.get(API + "model-versions/get?name=tiny&version=" + version, null)).path("model_version");
        assertThat(stored.path("source").asText()).isEqualTo("chorus://alice/tiny-ft@" + commit);
        assertThat(stored.path("tags").toString()).contains("\"chorus.run_source\"", "\"runs:/" + run[0] + "/model\"");
        assertThat(json(server.get(API + "model-versions/get-download-uri?name=tiny&version=" + version, null)).path("artifact_uri").asText())
                .isEqualTo("chorus://alice/tiny-ft@" + commit);

        JsonNode info = json(server.get("/api/models/alice/tiny-ft", null));
        assertThat(info.path("sha").asText()).isEqualTo(commit);
        List<String> files = new ArrayList<>();
        info.path("siblings").forEach(s -> files.add(s.path("rfilename").asText()));
        assertThat(files).contains("README.md", "config.json", "weights/part-0.bin", "big.bin").doesNotContain("elsewhere.txt");
        assertThat(info.path("cardData").path("base_model").asText()).isEqualTo("alice/base");
        assertThat(info.path("library_name").asText()).isEqualTo("transformers");
        assertThat(info.path("baseModels").path("relation").asText()).isEqualTo("finetune");

        assertThat(server.getBytes("/alice/tiny-ft/resolve/" + commit + "/config.json", null)).isEqualTo(config.getBytes(StandardCharsets.UTF_8));
        assertThat(server.getBytes("/alice/tiny-ft/resolve/" + commit + "/weights/part-0.bin", null)).isEqualTo(weights.getBytes(StandardCharsets.UTF_8));
        assertThat(server.getBytes("/alice/tiny-ft/resolve/" + commit + "/big.bin", null)).isEqualTo(big);
        JsonNode bigEntry = json(server.send("POST", "/api/models/alice/tiny-ft/paths-info/" + commit, null, "{\"paths\":[\"big.bin\"]}")).get(0);
        assertThat(bigEntry.path("lfs").path("oid").asText()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(big)));

        String card = new String(server.getBytes("/alice/tiny-ft/resolve/" + commit + "/README.md", null), StandardCharsets.UTF_8);
        assertThat(card).startsWith("---\n").contains("base_model: \"alice/base\"", "base_model_relation: \"finetune\"");
        assertThat(card).contains("`tiny` version " + version, run[0], "`fine-tunes`", "| lr | 0.001 |", "| epochs | 3 |",
                "| accuracy | 0.875 | 1 |", "| loss | 0.25 | 1 |");

        JsonNode family = json(server.get("/api/chorus/models/alice/base/family", null));
        assertThat(family.path("descendants").toString()).contains("\"child\":\"alice/tiny-ft\"", "\"relation\":\"finetune\"");
        assertThat(json(server.get("/api/models/alice/base", null)).path("childrenModelCount").asInt()).isEqualTo(1);
    }

    @Test
    void publishingAgainCommitsOnTopFromTheSameRunArtifacts() throws Exception {
        String alice = f.user("alice", "write");
        String[] run = f.run(alice, "again");
        f.putArtifact(alice, run[1], run[0], "model/a.txt", "first");
        f.putArtifact(alice, run[1], run[0], "model/b/c.txt", "second");
        String version = f.version(alice, "twice", "runs:/" + run[0] + "/model", run[0]);
        String first = json(f.publish(alice, "twice", version, "alice/twice")).path("hub").path("commit").asText();

        HttpResponse<String> again = f.publish(alice, "twice", version, "alice/twice");

        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        String second = json(again).path("hub").path("commit").asText();
        assertThat(second).matches("[0-9a-f]{40}").isNotEqualTo(first);
        JsonNode commits = json(server.get("/api/models/alice/twice/commits/main", null));
        assertThat(commits.get(0).path("id").asText()).isEqualTo(second);
        assertThat(commits.get(1).path("id").asText()).isEqualTo(first);
        JsonNode stored = json(server.get(API + "model-versions/get?name=twice&version=" + version, null)).path("model_version");
        assertThat(stored.path("source").asText()).isEqualTo("chorus://alice/twice@" + second);
        assertThat(stored.path("tags").toString()).contains("\"runs:/" + run[0] + "/model\"");
        assertThat(server.get("/alice/twice/resolve/" + second + "/b/c.txt", null).body()).isEqualTo("second");
    }

    @Test
    void anArtifactHoldingAnLfsPointerIsPublishedAsItsOwnBytesNotAsTheFileItNames() throws Exception {
        String alice = f.user("alice", "write");
        String mallory = f.user("mallory", "write");
        f.repo(alice, "alice", "secret", true, "# private\n");
        byte[] secret = "private weights ".repeat(100).getBytes(StandardCharsets.UTF_8);
        String oid = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret));
        JsonNode batch = f.ok("POST", "/alice/secret.git/info/lfs/objects/batch", alice,
                "{\"operation\":\"upload\",\"objects\":[{\"oid\":\"" + oid + "\",\"size\":" + secret.length + "}]}");
        String href = batch.path("objects").get(0).path("actions").path("upload").path("href").asText();
        f.ok("PUT", href.substring(server.url().length()), null, new String(secret, StandardCharsets.UTF_8));
        f.ok("POST", "/api/models/alice/secret/commit/main", alice, "{\"key\":\"header\",\"value\":{\"summary\":\"w\"}}\n"
                + "{\"key\":\"lfsFile\",\"value\":{\"path\":\"weights.bin\",\"oid\":\"" + oid + "\",\"size\":" + secret.length + "}}");
        String pointer = "version https://git-lfs.github.com/spec/v1\noid sha256:" + oid + "\nsize " + secret.length + "\n";
        String[] run = f.run(mallory, "borrowed");
        f.putArtifact(mallory, run[1], run[0], "model/weights.bin", pointer);
        String version = f.version(mallory, "loot", "runs:/" + run[0] + "/model", run[0]);

        HttpResponse<String> published = f.publish(mallory, "loot", version, "mallory/loot");

        assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
        assertThat(server.get("/mallory/loot/resolve/main/weights.bin", null).body()).isEqualTo(pointer);
        assertThat(server.getBytes("/alice/secret/resolve/main/weights.bin", alice)).isEqualTo(secret);
    }

    /** Uploads letters from a seeded generator through the multipart artifact API; returns the bytes sent. */
    private byte[] uploadInParts(String token, String path) {
        String upload = f.ok("POST", "/api/2.0/mlflow-artifacts/mpu/create/" + path, token, "{\"path\":\"" + path + "\",\"num_parts\":" + PARTS + "}")
                .path("upload_id").asText();
        Random random = new Random(42);
        byte[] all = new byte[PART * PARTS];
        StringBuilder parts = new StringBuilder();
        for (int n = 1; n <= PARTS; n++) {
            byte[] part = new byte[PART];
            for (int i = 0; i < PART; i++) {
                part[i] = (byte) ('a' + random.nextInt(26));
            }
            System.arraycopy(part, 0, all, (n - 1) * PART, PART);
            f.ok("PUT", "/api/2.0/mlflow-artifacts/mpu/parts/" + upload + "/" + n, token, new String(part, StandardCharsets.US_ASCII));
            parts.append(n == 1 ? "" : ",").append("{\"part_number\":").append(n).append('}');
        }
        f.ok("POST", "/api/2.0/mlflow-artifacts/mpu/complete/" + path, token, "{\"upload_id\":\"" + upload + "\",\"parts\":[" + parts + "]}");
        return all;
    }
}
