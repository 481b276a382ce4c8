package org.chorus.server.fl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.chorus.client.federated.FederatedClient;
import org.chorus.federated.tensor.Safetensors;
import org.chorus.server.ServerFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A federated task on a whole server: the base model comes from a hub repository, nodes join over real gRPC, every
 * round is committed to the hub and logged to an MLflow run, all read back through the public APIs.
 */
class FederatedTaskOnServerTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ADMIN = ServerFixture.ADMIN_TOKEN;

    @TempDir
    Path dir;

    /** Node i returns w + i on 10·i examples. */

    static JsonNode json(HttpResponse<String> r, int status) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return JSON.readTree(r.body());
    }

    @Test
    void roundsLandOnTheHubAndInTracking() throws Exception {
        try (ServerFixture server = ServerFixture.sqlite(dir)) {
            // Prepare: a base model in the hub, a target repository, a federation
            FlFixtures.baseModel(server, "base");
            json(server.send("POST", "/api/repos/create", ADMIN, "{\"name\":\"fl-out\",\"organization\":\"admin\",\"type\":\"model\"}"), 200);
            String joinToken = json(server.send("POST", "/api/chorus/federations", ADMIN, "{\"name\":\"labs\"}"), 201).path("joinToken").asText();
            List<FederatedClient> nodes = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                nodes.add(FederatedClient.builder("localhost", server.federatedPort()).federation("labs", joinToken)
                        .nodeName("lab-" + i).trainer(new AddTrainer(i)).backoff(50, 400).build().start());
            }
            String task = "{\"federation\":\"labs\",\"name\":\"demo\",\"baseRepo\":\"admin/base\",\"baseRevision\":\"main\","
                    + "\"publishRepo\":\"admin/fl-out\",\"strategy\":\"fedavg\",\"rounds\":2,\"clientsPerRound\":3,\"minClients\":3,"
                    + "\"overSelection\":1.0,\"roundTimeoutMs\":60000,\"maxAttempts\":3,\"evaluateEvery\":1}";

            // Execute
            String id = json(server.send("POST", "/api/chorus/federated/tasks", ADMIN, task), 201).path("id").asText();
            JsonNode view = null;
            long until = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (System.nanoTime() < until) {
                view = json(server.get("/api/chorus/federated/tasks/" + id, ADMIN), 200);
                if (!view.path("status").asText().equals("running")) {
                    break;
                }
                Thread.sleep(200);
            }
            nodes.forEach(FederatedClient::close);

            // Assert: finished, and the hub holds the weighted average: each round adds Σ 10i·i / Σ 10i = 14/6
            assertThat(view.path("status").asText()).as(view.toString()).isEqualTo("completed");
            float[] published = Safetensors.read(server.getBytes("/admin/fl-out/resolve/main/model.safetensors", ADMIN)).weights().values();
            double shift = 2 * (10.0 * 1 + 20.0 * 2 + 30.0 * 3) / 60.0;
            assertThat(published).containsExactly(new float[] {(float) shift, (float) (1 + shift), (float) (2 + shift), (float) (3 + shift)},
                    org.assertj.core.data.Offset.offset(1e-5f));
            JsonNode commits = json(server.get("/api/models/admin/fl-out/commits/main", ADMIN), 200);
            assertThat(commits.toString()).contains("demo: round 1 of 2").contains("demo: round 2 of 2");
            JsonNode run = json(server.get("/api/2.0/mlflow/runs/get?run_id=" + view.path("runId").asText(), ADMIN), 200).path("run");
            assertThat(run.path("info").path("status").asText()).isEqualTo("FINISHED");
            assertThat(run.path("data").path("params").toString()).contains("fedavg");
            assertThat(run.path("data").path("metrics").size()).isPositive();
        }
    }

    @Test
    void onlySiteAdminsManageFederations() throws Exception {
        try (ServerFixture server = ServerFixture.sqlite(dir)) {
            json(server.send("POST", "/api/chorus/users", ADMIN, "{\"name\":\"bob\"}"), 201);
            String bob = json(server.send("POST", "/api/chorus/users/bob/tokens", ADMIN, "{\"name\":\"t\",\"role\":\"write\"}"), 201).path("token").asText();

            assertThat(server.send("POST", "/api/chorus/federations", bob, "{\"name\":\"x\"}").statusCode()).isEqualTo(403);
            assertThat(server.send("POST", "/api/chorus/federations", null, "{\"name\":\"x\"}").statusCode()).isEqualTo(401);
            assertThat(server.send("POST", "/api/chorus/federated/tasks", ADMIN, "{\"federation\":\"labs\"}").statusCode()).isEqualTo(400);
        }
    }

    @Test
    void aSecureTaskIsValidatedWhenPostedAndRefusesStrategiesThatNeedIndividualUpdates() throws Exception {
        try (ServerFixture server = ServerFixture.sqlite(dir)) {
            // Prepare
            json(server.send("POST", "/api/chorus/federations", ADMIN, "{\"name\":\"labs\"}"), 201);
            String task = "{\"federation\":\"labs\",\"name\":\"secure\",\"baseRepo\":\"admin/base\",\"baseRevision\":\"main\","
                    + "\"strategy\":\"%s\",\"rounds\":1,\"clientsPerRound\":3,\"minClients\":3,\"overSelection\":1.0,"
                    + "\"roundTimeoutMs\":60000,\"maxAttempts\":1,\"evaluateEvery\":0,"
                    + "\"secureAggregation\":{\"mode\":\"secagg+\",\"clipRange\":%s,\"maxWeight\":100,\"groupSize\":0}}";

            // Execute
            HttpResponse<String> krum = server.send("POST", "/api/chorus/federated/tasks", ADMIN, task.formatted("krum", "1.0"));
            HttpResponse<String> noClip = server.send("POST", "/api/chorus/federated/tasks", ADMIN, task.formatted("fedavg", "0"));

            // Assert
            assertThat(krum.statusCode()).isEqualTo(400);
            assertThat(krum.body()).contains("strategy krum needs individual updates");
            assertThat(noClip.statusCode()).isEqualTo(400);
            assertThat(noClip.body()).contains("clipRange");
        }
    }
}
