package org.chorus.server.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.chorus.server.ServerContract;
import org.chorus.server.ServerFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mlflow.api.proto.Service;
import org.mlflow.tracking.ExperimentsPage;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowHttpException;
import org.mlflow.tracking.RunsPage;
import org.mlflow.tracking.creds.BasicMlflowHostCreds;

/**
 * The official MLflow Java client (org.mlflow:mlflow-client 2.17.2) against a running Chorus, with the token of an
 * ordinary user, alice: she owns what she creates, and a site admin granted her EDIT on the unowned Default
 * experiment, which the client uses when no experiment is named (docs/tracking.md, Permissions).
 */
abstract class MlflowClientContract extends ServerContract {
    MlflowClient client;

    @BeforeEach
    void setUp() {
        PublishFixtures f = new PublishFixtures(server);
        String alice = f.user("alice", "write");
        f.ok("POST", "/api/2.0/mlflow/experiments/permissions/create", ServerFixture.ADMIN_TOKEN,
                "{\"experiment_id\":\"0\",\"username\":\"alice\",\"permission\":\"EDIT\"}");
        client = new MlflowClient(new BasicMlflowHostCreds(server.url(), alice));
    }

    @AfterEach
    void tearDown() {
        if (client != null) {
            client.close();
        }
    }

    @Test
    void experimentsRoundTripThroughTheOfficialClient() {
        String id = client.createExperiment("mnist");
        client.setExperimentTag(id, "team", "vision");
        client.renameExperiment(id, "mnist-v2");

        Service.Experiment e = client.getExperiment(id);
        assertThat(e.getName()).isEqualTo("mnist-v2");
        assertThat(e.getTagsList()).extracting(Service.ExperimentTag::getKey).contains("team");
        assertThat(client.getExperimentByName("mnist-v2")).map(Service.Experiment::getExperimentId).contains(id);
        var absent = server.get("/api/2.0/mlflow/experiments/get-by-name?experiment_name=absent", null);
        assertThat(absent.statusCode()).isEqualTo(404);
        assertThat(absent.body()).contains("RESOURCE_DOES_NOT_EXIST");
        ExperimentsPage page = client.searchExperiments("tags.team = 'vision'");
        assertThat(page.getItems()).extracting(Service.Experiment::getName).containsExactly("mnist-v2");

        client.deleteExperiment(id);
        assertThat(client.getExperiment(id).getLifecycleStage()).isEqualTo("deleted");
        client.restoreExperiment(id);
        assertThat(client.getExperiment(id).getLifecycleStage()).isEqualTo("active");
        assertThat(e.getTagsList()).extracting(t -> t.getKey() + "=" + t.getValue()).contains("chorus.owner=alice");
        MlflowClient bob = new MlflowClient(new BasicMlflowHostCreds(server.url(), new PublishFixtures(server).user("bob", "write")));
        assertThat(bob.getExperiment(id).getName()).isEqualTo("mnist-v2");
        for (Runnable change : List.<Runnable>of(() -> bob.renameExperiment(id, "bobs"), () -> bob.deleteExperiment(id), () -> bob.createRun(id))) {
            assertThatThrownBy(change::run).isInstanceOfSatisfying(MlflowHttpException.class, x -> {
                assertThat(x.getStatusCode()).isEqualTo(403);
                assertThat(x.getBodyMessage()).contains("PERMISSION_DENIED");
            });
        }
        bob.close();
    }

    @Test
    void runsLogAndSearchThroughTheOfficialClient() {
        String exp = client.createExperiment("runs");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Service.RunInfo info = client.createRun(exp);
            ids.add(info.getRunId());
            client.logParam(info.getRunId(), "lr", "0.0" + (i + 1));
            client.logMetric(info.getRunId(), "acc", 0.5 + i / 10.0, 1000 + i, 7);
            client.setTag(info.getRunId(), "fold", "f" + i);
            client.logBatch(info.getRunId(), List.of(Service.Metric.newBuilder().setKey("loss").setValue(Double.NaN)
                            .setTimestamp(5).setStep(1).build()),
                    List.of(Service.Param.newBuilder().setKey("opt").setValue("adam").build()),
                    List.of(Service.RunTag.newBuilder().setKey("tmp").setValue("x").build()));
            client.deleteTag(info.getRunId(), "tmp");
        }
        client.setTerminated(ids.get(0), Service.RunStatus.FINISHED);

        Service.Run run = client.getRun(ids.get(2));
        assertThat(run.getData().getParamsList()).hasSize(2);
        assertThat(run.getData().getMetricsList()).extracting(Service.Metric::getKey).containsExactlyInAnyOrder("acc", "loss");
        assertThat(run.getData().getTagsList()).extracting(Service.RunTag::getKey).contains("fold").doesNotContain("tmp");
        assertThat(client.getRun(ids.get(0)).getInfo().getStatus()).isEqualTo(Service.RunStatus.FINISHED);
        assertThat(client.getRun(ids.get(0)).getInfo().getUserId()).isEqualTo("alice");

        RunsPage page = client.searchRuns(List.of(exp), "metrics.acc > 0.55 and params.lr != '0.03'", Service.ViewType.ACTIVE_ONLY,
                10, List.of("metrics.acc DESC"));
        assertThat(page.getItems()).extracting(r -> r.getInfo().getRunId()).containsExactly(ids.get(1));
        RunsPage first = client.searchRuns(List.of(exp), "", Service.ViewType.ACTIVE_ONLY, 2, List.of("params.lr ASC"));
        assertThat(first.getItems()).extracting(r -> r.getInfo().getRunId()).containsExactly(ids.get(0), ids.get(1));
        assertThat(first.hasNextPage()).isTrue();
        assertThat(first.getNextPage().getItems()).extracting(r -> r.getInfo().getRunId()).containsExactly(ids.get(2));

        client.sendPost("runs/log-inputs", "{\"run_id\":\"" + ids.get(2) + "\",\"datasets\":[{\"tags\":[{\"key\":\"mlflow.data.context\","
                + "\"value\":\"training\"}],\"dataset\":{\"name\":\"mnist\",\"digest\":\"abc123\",\"source_type\":\"hub\","
                + "\"source\":\"chorus://alice/mnist@main\"}}]}");
        var inputs = client.getRun(ids.get(2)).getInputs().getDatasetInputsList();
        assertThat(inputs).hasSize(1);
        assertThat(inputs.get(0).getDataset().getDigest()).isEqualTo("abc123");
        assertThat(inputs.get(0).getTags(0).getValue()).isEqualTo("training");
        assertThat(client.searchRuns(List.of(exp), "datasets.name = 'mnist'", Service.ViewType.ACTIVE_ONLY, 10).getItems())
                .extracting(r -> r.getInfo().getRunId()).containsExactly(ids.get(2));

        client.deleteRun(ids.get(1));
        assertThat(client.searchRuns(List.of(exp), "", Service.ViewType.DELETED_ONLY, 10).getItems()).extracting(r -> r.getInfo().getRunId())
                .containsExactly(ids.get(1));
        client.restoreRun(ids.get(1));
        assertThat(client.searchRuns(List.of(exp), "", Service.ViewType.ACTIVE_ONLY, 10).getItems()).hasSize(3);
    }

    /**
     * The 2.17.2 client asks for pages of 25,000 but cannot follow a next_page_token (it appends to an
     * unmodifiable list), so its getMetricHistory is used for one page and paging goes through sendGet.
     */
    @Test
    void metricHistoryIsReadWholeByTheClientAndPagedThroughTheRawApi() throws Exception {
        String run = client.createRun().getRunId();
        int total = 2_500;
        for (int start = 0; start < total; start += 1000) {
            List<Service.Metric> batch = new ArrayList<>();
            for (int i = start; i < Math.min(total, start + 1000); i++) {
                batch.add(Service.Metric.newBuilder().setKey("loss").setValue(1.0 / (i + 1)).setTimestamp(i).setStep(i).build());
            }
            client.logBatch(run, batch, List.of(), List.of());
        }

        List<Service.Metric> history = client.getMetricHistory(run, "loss");
        List<Long> paged = new ArrayList<>();
        String token = "";
        int pages = 0;
        do {
            String json = client.sendGet("metrics/get-history?run_id=" + run + "&metric_key=loss&max_results=1000"
                    + (token.isEmpty() ? "" : "&page_token=" + java.net.URLEncoder.encode(token, java.nio.charset.StandardCharsets.UTF_8)));
            var body = JSON.readTree(json);
            body.path("metrics").forEach(m -> paged.add(m.path("step").asLong()));
            token = body.path("next_page_token").asText("");
            pages++;
        } while (!token.isEmpty());

        assertThat(history).hasSize(total);
        assertThat(history.get(total - 1).getStep()).isEqualTo(total - 1);
        assertThat(pages).isEqualTo(3);
        assertThat(paged).hasSize(total).isSorted();
        assertThat(client.getRun(run).getData().getMetrics(0).getStep()).isEqualTo(total - 1);
        var sampled = JSON.readTree(client.sendGet("metrics/get-history-bulk-interval?run_ids=" + run
                + "&metric_key=loss&start_step=0&end_step=999&max_results=11"));
        assertThat(sampled.path("metrics")).hasSize(11);
        assertThat(sampled.path("metrics").get(10).path("step").asLong()).isEqualTo(999);
        assertThat(sampled.path("metrics").get(0).path("run_id").asText()).isEqualTo(run);
    }

    @Test
    void errorsCarryMlflowCodesAndStatuses() {
        String run = client.createRun().getRunId();
        client.logParam(run, "lr", "0.1");

        assertThatThrownBy(() -> client.getRun("0123456789abcdef0123456789abcdef"))
                .isInstanceOfSatisfying(MlflowHttpException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(404);
                    assertThat(e.getBodyMessage()).contains("RESOURCE_DOES_NOT_EXIST");
                });
        assertThatThrownBy(() -> client.logParam(run, "lr", "0.2"))
                .isInstanceOfSatisfying(MlflowHttpException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(400);
                    assertThat(e.getBodyMessage()).contains("INVALID_PARAMETER_VALUE").contains("Changing param values is not allowed");
                });
        assertThatThrownBy(() -> client.createExperiment("Default"))
                .isInstanceOfSatisfying(MlflowHttpException.class, e -> assertThat(e.getBodyMessage()).contains("RESOURCE_ALREADY_EXISTS"));
        assertThatThrownBy(() -> client.searchRuns(List.of("0"), "metrics.acc >> 1", Service.ViewType.ALL, 10))
                .isInstanceOfSatisfying(MlflowHttpException.class, e -> assertThat(e.getBodyMessage()).contains("position 13"));
        MlflowClient anonymous = new MlflowClient(server.url());
        assertThat(anonymous.getRun(run).getInfo().getRunId()).isEqualTo(run);
        assertThatThrownBy(() -> anonymous.createRun())
                .isInstanceOfSatisfying(MlflowHttpException.class, e -> assertThat(e.getStatusCode()).isEqualTo(401));
        anonymous.close();
    }

    @Test
    void registryWritesThroughRawCallsAndReadsThroughTheOfficialClient() throws Exception {
        String run = client.createRun().getRunId();
        client.sendPost("registered-models/create", "{\"name\":\"digits\",\"description\":\"mnist\",\"tags\":[{\"key\":\"task\",\"value\":\"cv\"}]}");
        client.sendPost("model-versions/create", "{\"name\":\"digits\",\"source\":\"runs:/" + run + "/model\",\"run_id\":\"" + run + "\"}");
        server.send("POST", "/api/repos/create", ServerFixture.ADMIN_TOKEN, "{\"name\":\"digits\",\"organization\":\"alice\",\"type\":\"model\"}");
        String commit = JSON.readTree(server.get("/api/models/alice/digits", null).body()).path("sha").asText();
        client.sendPost("model-versions/create", "{\"name\":\"digits\",\"source\":\"chorus://alice/digits@" + commit + "\"}");
        client.sendPost("model-versions/transition-stage", "{\"name\":\"digits\",\"version\":\"1\",\"stage\":\"production\"}");
        client.sendPost("model-versions/transition-stage",
                "{\"name\":\"digits\",\"version\":\"2\",\"stage\":\"Production\",\"archive_existing_versions\":true}");
        client.sendPost("registered-models/alias", "{\"name\":\"digits\",\"alias\":\"champion\",\"version\":\"2\"}");
        client.sendPost("model-versions/set-tag", "{\"name\":\"digits\",\"version\":\"2\",\"key\":\"validated\",\"value\":\"yes\"}");
        client.sendPatch("model-versions/update", "{\"name\":\"digits\",\"version\":\"2\",\"description\":\"second\"}");
        client.sendPatch("registered-models/update", "{\"name\":\"digits\",\"description\":\"handwritten digits\"}");

        var model = client.getRegisteredModel("digits");
        assertThat(model.getDescription()).isEqualTo("handwritten digits");
        assertThat(model.getAliasesList()).extracting(a -> a.getAlias() + "=" + a.getVersion()).containsExactly("champion=2");
        var v2 = client.getModelVersion("digits", "2");
        assertThat(v2.getCurrentStage()).isEqualTo("Production");
        assertThat(v2.getDescription()).isEqualTo("second");
        assertThat(v2.getAliasesList()).containsExactly("champion");
        assertThat(v2.getTagsList()).extracting(t -> t.getKey()).containsExactly("validated");
        assertThat(client.getModelVersion("digits", "1").getCurrentStage()).isEqualTo("Archived");
        assertThat(client.getLatestVersions("digits", List.of("Production"))).extracting(v -> v.getVersion()).containsExactly("2");
        assertThat(client.getModelVersionDownloadUri("digits", "2")).isEqualTo("chorus://alice/digits@" + commit);
        assertThat(client.getModelVersionDownloadUri("digits", "1")).endsWith(run + "/artifacts/model");
        assertThat(client.searchModelVersions("name = 'digits' and tags.validated = 'yes'").getItems()).extracting(v -> v.getVersion())
                .containsExactly("2");
        var models = JSON.readTree(client.sendGet("registered-models/search?filter=" + java.net.URLEncoder.encode("name LIKE 'dig%'",
                java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(models.path("registered_models").get(0).path("name").asText()).isEqualTo("digits");
        var byAlias = JSON.readTree(client.sendGet("registered-models/alias?name=digits&alias=champion"));
        assertThat(byAlias.path("model_version").path("version").asText()).isEqualTo("2");

        assertThat(server.send("DELETE", "/api/2.0/mlflow/registered-models/alias", ServerFixture.ADMIN_TOKEN,
                "{\"name\":\"digits\",\"alias\":\"champion\"}").statusCode()).isEqualTo(200);
        assertThat(server.send("DELETE", "/api/2.0/mlflow/model-versions/delete", ServerFixture.ADMIN_TOKEN,
                "{\"name\":\"digits\",\"version\":\"1\"}").statusCode()).isEqualTo(200);
        assertThat(client.getRegisteredModel("digits").getAliasesList()).isEmpty();
        assertThatThrownBy(() -> client.getModelVersion("digits", "1"))
                .isInstanceOfSatisfying(MlflowHttpException.class, e -> assertThat(e.getStatusCode()).isEqualTo(404));
        assertThatThrownBy(() -> client.sendPost("model-versions/create", "{\"name\":\"digits\",\"source\":\"chorus://alice/digits@main\"}"))
                .isInstanceOfSatisfying(MlflowHttpException.class, e -> assertThat(e.getBodyMessage()).contains("INVALID_PARAMETER_VALUE"));
        assertThatThrownBy(() -> client.sendPost("registered-models/create", "{\"name\":\"digits\"}"))
                .isInstanceOfSatisfying(MlflowHttpException.class, e -> assertThat(e.getBodyMessage()).contains("RESOURCE_ALREADY_EXISTS"));
    }
}
