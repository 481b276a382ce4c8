package org.chorus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import org.chorus.server.ServerFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** models publish: a registered version's run artifacts become a hub repository and the version points at its commit. */
class CliModelsCommandsTest extends ServerCliTest {
    static final String TOKEN = ServerFixture.ADMIN_TOKEN;
    static final String API = "/api/2.0/mlflow/";

    String run;

    @BeforeEach
    void prepare() {
        run = ServerCli.field(server.send("POST", API + "runs/create", TOKEN, "{\"experiment_id\":\"0\"}"), "run_id");
        ServerCli.ok(server.send("PUT", "/api/2.0/mlflow-artifacts/artifacts/0/" + run + "/artifacts/model/weights.bin", TOKEN, "w-e-i-g-h-t-s"));
        ServerCli.ok(server.send("POST", API + "registered-models/create", TOKEN, "{\"name\":\"digits\"}"));
        ServerCli.ok(server.send("POST", API + "model-versions/create", TOKEN,
                "{\"name\":\"digits\",\"source\":\"runs:/" + run + "/model\",\"run_id\":\"" + run + "\"}"));
    }

    @Test
    void publishCommitsTheArtifactsAndRelinksTheVersion() {
        assertThat(cli.run("models", "publish", "digits", "1", "--repo", "admin/digits-cnn", "--private")).as(cli.err()).isZero();

        HttpResponse<String> info = server.get("/api/models/admin/digits-cnn", TOKEN);
        String head = ServerCli.field(info, "sha");
        assertThat(info.body()).contains("\"private\":true");
        assertThat(cli.out()).contains("published digits version 1 to admin/digits-cnn at " + head, "source: chorus://admin/digits-cnn@" + head);
        assertThat(server.get("/admin/digits-cnn/resolve/" + head + "/weights.bin", TOKEN).body()).isEqualTo("w-e-i-g-h-t-s");
        assertThat(ServerCli.field(server.get(API + "model-versions/get?name=digits&version=1", null), "source")).isEqualTo("chorus://admin/digits-cnn@" + head);
    }

    @Test
    void unknownVersionsAndMissingRepoAreRefused() {
        assertThat(cli.run("models", "publish", "digits", "9", "--repo", "admin/x")).isEqualTo(1);
        assertThat(cli.err()).contains("RESOURCE_DOES_NOT_EXIST", "version=9");

        assertThat(cli.run("models", "publish", "digits", "1")).isEqualTo(2);
        assertThat(cli.err()).contains("--repo");
        assertThat(server.get("/api/models/admin/x", TOKEN).statusCode()).isEqualTo(404);
    }
}
