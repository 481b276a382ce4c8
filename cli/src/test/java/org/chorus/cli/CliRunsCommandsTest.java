package org.chorus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import org.chorus.server.ServerFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** runs list, show and compare over runs logged through the MLflow API. */
class CliRunsCommandsTest extends ServerCliTest {
    static final String TOKEN = ServerFixture.ADMIN_TOKEN;

    String fast;
    String slow;

    @BeforeEach
    void prepare() {
        String exp = ServerCli.field(server.send("POST", "/api/2.0/mlflow/experiments/create", TOKEN, "{\"name\":\"mnist\"}"), "experiment_id");
        fast = run(exp, "fast", "0.1", 0.91);
        slow = run(exp, "slow", "0.01", 0.97);
    }

    private String run(String exp, String name, String lr, double accuracy) {
        HttpResponse<String> created = server.send("POST", "/api/2.0/mlflow/runs/create", TOKEN,
                "{\"experiment_id\":\"" + exp + "\",\"run_name\":\"" + name + "\",\"start_time\":1700000000000}");
        String id = created.body().replaceAll("(?s).*\"run_id\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        HttpResponse<String> logged = server.send("POST", "/api/2.0/mlflow/runs/log-batch", TOKEN, "{\"run_id\":\"" + id
                + "\",\"params\":[{\"key\":\"lr\",\"value\":\"" + lr + "\"},{\"key\":\"epochs\",\"value\":\"5\"}],"
                + "\"metrics\":[{\"key\":\"accuracy\",\"value\":" + accuracy + ",\"timestamp\":1700000000000,\"step\":5}]}");
        assertThat(logged.statusCode()).as(logged.body()).isEqualTo(200);
        return id;
    }

    @Test
    void listFiltersAndOrdersLikeMlflow() {
        assertThat(cli.run("runs", "list", "-e", "mnist", "--order-by", "metrics.accuracy DESC")).as(cli.err()).isZero();
        String listing = cli.out();
        assertThat(listing.indexOf("slow")).isPositive().isLessThan(listing.indexOf("fast"));

        assertThat(cli.run("runs", "list", "-e", "mnist", "--filter", "metrics.accuracy > 0.95")).isZero();
        assertThat(cli.out()).contains("slow").doesNotContain("fast");
    }

    @Test
    void showAndCompareMarkWhatDiffers() {
        assertThat(cli.run("runs", "show", fast)).isZero();
        assertThat(cli.out()).contains("lr = 0.1").contains("accuracy = 0.91");

        assertThat(cli.run("runs", "compare", fast, slow)).isZero();
        assertThat(cli.out().lines()).anySatisfy(l -> assertThat(l).startsWith("* params.lr").contains("0.1").contains("0.01"))
                .anySatisfy(l -> assertThat(l).startsWith("  params.epochs"))
                .anySatisfy(l -> assertThat(l).startsWith("* metrics.accuracy"));
    }

    @Test
    void malformedFiltersExplainThemselves() {
        assertThat(cli.run("runs", "list", "-e", "mnist", "--filter", "metrics.accuracy >> 1")).isEqualTo(1);
        assertThat(cli.err()).contains("INVALID_PARAMETER_VALUE");
    }
}
