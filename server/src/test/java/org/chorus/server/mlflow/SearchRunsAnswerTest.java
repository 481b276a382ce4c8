package org.chorus.server.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chorus.server.mlflow.MlflowBadInputTest.API;
import static org.chorus.server.mlflow.MlflowBadInputTest.JSON;
import static org.chorus.server.mlflow.MlflowBadInputTest.TOKEN;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.chorus.server.ServerFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * search-runs pages are joined from runs kept encoded between searches: each run in a page must read exactly as
 * get-run answers it, before and after changes made through this server or a second one on the same database.
 */
class SearchRunsAnswerTest {
    @TempDir
    Path dir;
    ServerFixture server;
    String experiment;
    List<String> runs = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        server = ServerFixture.sqlite(dir.resolve("a"));
        experiment = post(server, "experiments/create", "{\"name\":\"answers\"}").path("experiment_id").asText();
        for (int i = 0; i < 3; i++) {
            String run = post(server, "runs/create", "{\"experiment_id\":\"" + experiment + "\",\"start_time\":" + (1000 + i)
                    + ",\"run_name\":\"r\\\"" + i + " \\u00e9\"}").path("run").path("info").path("run_id").asText();
            post(server, "runs/log-batch", "{\"run_id\":\"" + run + "\",\"metrics\":[{\"key\":\"nan\",\"value\":\"NaN\",\"timestamp\":1},"
                    + "{\"key\":\"inf\",\"value\":\"Infinity\",\"timestamp\":1},{\"key\":\"loss\",\"value\":0.1,\"timestamp\":2,\"step\":3}],"
                    + "\"params\":[{\"key\":\"lr\",\"value\":\"1e-3\"}],\"tags\":[{\"key\":\"note\",\"value\":\"line\\nbreak \\\"quoted\\\"\"}]}");
            runs.add(run);
        }
        post(server, "runs/log-inputs", "{\"run_id\":\"" + runs.getFirst() + "\",\"datasets\":[{\"tags\":[{\"key\":\"context\",\"value\":\"train\"}],"
                + "\"dataset\":{\"name\":\"mnist\",\"digest\":\"abc\",\"source_type\":\"local\",\"source\":\"/data\"}}]}");
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    static JsonNode post(ServerFixture at, String path, String body) throws Exception {
        HttpResponse<String> r = at.send("POST", API + path, TOKEN, body);
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    String search(ServerFixture at, String extra) {
        HttpResponse<String> r = at.send("POST", API + "runs/search", TOKEN, "{\"experiment_ids\":[\"" + experiment + "\"]" + extra + "}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    /** Every run of the search answer, checked against get-run; the run ids in page order. */
    List<String> assertRunsReadAsGetRun(String answer) throws Exception {
        List<String> ids = new ArrayList<>();
        for (JsonNode run : JSON.readTree(answer).path("runs")) {
            String id = run.path("info").path("run_id").asText();
            JsonNode single = JSON.readTree(server.get(API + "runs/get?run_id=" + id, TOKEN).body()).path("run");
            assertThat(run).as(id).isEqualTo(single);
            ids.add(id);
        }
        return ids;
    }

    @Test
    void pagesReadAsGetRunAndRepeatByteForByte() throws Exception {
        String first = search(server, "");
        assertThat(assertRunsReadAsGetRun(first)).containsExactly(runs.get(2), runs.get(1), runs.get(0));
        assertThat(search(server, "")).isEqualTo(first);
        JsonNode run = JSON.readTree(first).path("runs").get(2);
        assertThat(run.path("inputs").path("dataset_inputs").get(0).path("dataset").path("name").asText()).isEqualTo("mnist");
        assertThat(run.path("data").path("tags").findValuesAsText("value")).contains("line\nbreak \"quoted\"");

        JsonNode paged = JSON.readTree(search(server, ",\"max_results\":2"));
        assertThat(paged.path("runs")).hasSize(2);
        String token = paged.path("next_page_token").asText();
        JsonNode rest = JSON.readTree(search(server, ",\"max_results\":2,\"page_token\":\"" + token + "\""));
        assertThat(rest.path("runs").get(0).path("info").path("run_id").asText()).isEqualTo(runs.getFirst());
        assertThat(rest.has("next_page_token")).isFalse();

        String empty = post(server, "experiments/create", "{\"name\":\"empty\"}").path("experiment_id").asText();
        HttpResponse<String> none = server.send("POST", API + "runs/search", TOKEN, "{\"experiment_ids\":[\"" + empty + "\"]}");
        assertThat(JSON.readTree(none.body())).isEqualTo(JSON.readTree("{\"runs\":[]}"));
    }

    @Test
    void changesThroughThisOrAnotherServerShowInTheNextPage() throws Exception {
        search(server, "");
        post(server, "runs/log-metric", "{\"run_id\":\"" + runs.get(1) + "\",\"key\":\"loss\",\"value\":0.05,\"timestamp\":3,\"step\":4}");
        String afterLocal = search(server, "");
        assertRunsReadAsGetRun(afterLocal);
        assertThat(afterLocal).contains("0.05");

        try (ServerFixture other = ServerFixture.node(dir.resolve("b"), "sqlite:" + dir.resolve("a").resolve("chorus.db"))) {
            post(other, "runs/set-tag", "{\"run_id\":\"" + runs.get(2) + "\",\"key\":\"seen\",\"value\":\"from b\"}");
            post(other, "runs/update", "{\"run_id\":\"" + runs.getFirst() + "\",\"status\":\"FINISHED\",\"end_time\":5000}");
        }
        String afterOther = search(server, "");
        assertRunsReadAsGetRun(afterOther);
        JsonNode page = JSON.readTree(afterOther).path("runs");
        assertThat(page.get(0).path("data").path("tags").findValuesAsText("value")).contains("from b");
        assertThat(page.get(2).path("info").path("end_time").asLong()).isEqualTo(5000);
        assertThat(page.get(1).path("info").has("end_time")).isFalse();
    }
}
