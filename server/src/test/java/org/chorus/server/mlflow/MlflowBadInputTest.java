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

/** Bad input over raw HTTP, answered with MLflow's error_code and status, and nothing half-written. */
class MlflowBadInputTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String TOKEN = ServerFixture.ADMIN_TOKEN;
    static final String API = "/api/2.0/mlflow/";

    @TempDir
    Path dir;
    ServerFixture server;
    String run;

    @BeforeEach
    void setUp() throws Exception {
        server = ServerFixture.sqlite(dir);
        run = json(server.send("POST", API + "runs/create", TOKEN, "{\"experiment_id\":\"0\"}")).path("run").path("info").path("run_id").asText();
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    void assertMlflowError(HttpResponse<String> r, int status, String code, String messagePart) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(json(r).path("error_code").asText()).isEqualTo(code);
        assertThat(json(r).path("message").asText()).contains(messagePart);
    }

    @Test
    void nanAndInfinityArriveAsLiteralsOrStringsAndReadBackAsMlflowStoresThem() throws Exception {
        String body = "{\"run_id\":\"" + run + "\",\"metrics\":[{\"key\":\"a\",\"value\":NaN,\"timestamp\":\"1\",\"step\":\"0\"},"
                + "{\"key\":\"b\",\"value\":\"Infinity\",\"timestamp\":1},{\"key\":\"c\",\"value\":\"-Infinity\",\"timestamp\":1}]}";

        assertThat(server.send("POST", API + "runs/log-batch", TOKEN, body).statusCode()).isEqualTo(200);

        JsonNode a = json(server.get(API + "metrics/get-history?run_id=" + run + "&metric_key=a", null)).path("metrics").get(0);
        assertThat(a.path("value").asText()).isEqualTo("NaN");
        JsonNode b = json(server.get(API + "metrics/get-history?run_id=" + run + "&metric_key=b", null)).path("metrics").get(0);
        assertThat(b.path("value").asDouble()).isEqualTo(Double.MAX_VALUE);
    }

    @Test
    void malformedAndIncompleteRequestsGetInvalidParameterValue() throws Exception {
        assertMlflowError(server.send("POST", API + "runs/log-batch", TOKEN, "{\"run_id\": "), 400, "INVALID_PARAMETER_VALUE", "Malformed");
        assertMlflowError(server.send("POST", API + "runs/log-metric", TOKEN, "{\"run_id\":\"" + run + "\",\"key\":\"m\",\"value\":1}"),
                400, "INVALID_PARAMETER_VALUE", "'timestamp'");
        assertMlflowError(server.send("POST", API + "experiments/create", TOKEN, "{}"), 400, "INVALID_PARAMETER_VALUE", "'name'");
        assertMlflowError(server.send("POST", API + "runs/log-metric", TOKEN, "{\"run_id\":\"" + run + "\",\"key\":\"m\",\"value\":\"abc\",\"timestamp\":1}"),
                400, "INVALID_PARAMETER_VALUE", "expected a number");
        assertMlflowError(server.send("POST", API + "runs/set-tag", TOKEN, "{\"run_id\":\"" + run + "\",\"key\":\"" + "k".repeat(251) + "\",\"value\":\"v\"}"),
                400, "INVALID_PARAMETER_VALUE", "exceeded length limit of 250");
        assertMlflowError(server.send("POST", API + "runs/search", null, "{\"experiment_ids\":[\"0\"],\"filter\":\"params.a = 'x' and\"}"),
                400, "INVALID_PARAMETER_VALUE", "position");
        assertMlflowError(server.send("POST", API + "runs/search", null, "{\"experiment_ids\":[\"0\"],\"max_results\":50001}"),
                400, "INVALID_PARAMETER_VALUE", "max_results");
    }

    /** Jackson reads 2^64 + 1 as a BigInteger; its asLong() wrapped it to 1, stored with a 200. */
    @Test
    void integersBeyondInt64OrWithAFractionAreRefusedNotWrapped() throws Exception {
        // Prepare
        String metric = "{\"run_id\":\"" + run + "\",\"key\":\"w\",\"value\":1,";
        String upload = json(server.send("POST", "/api/2.0/mlflow-artifacts/mpu/create/0/" + run + "/artifacts/big.bin", TOKEN,
                "{\"num_parts\":1}")).path("upload_id").asText();

        // Execute
        HttpResponse<String> timestamp = server.send("POST", API + "runs/log-metric", TOKEN, metric + "\"timestamp\":18446744073709551617}");
        HttpResponse<String> step = server.send("POST", API + "runs/log-metric", TOKEN, metric + "\"timestamp\":1,\"step\":99999999999999999999}");
        HttpResponse<String> fraction = server.send("POST", API + "runs/log-metric", TOKEN, metric + "\"timestamp\":1.5}");
        HttpResponse<String> batchStep = server.send("POST", API + "runs/log-batch", TOKEN, "{\"run_id\":\"" + run
                + "\",\"metrics\":[{\"key\":\"w\",\"value\":1,\"timestamp\":1,\"step\":-9223372036854775809}]}");
        HttpResponse<String> startTime = server.send("POST", API + "runs/create", TOKEN, "{\"experiment_id\":\"0\",\"start_time\":18446744073709551617}");
        HttpResponse<String> endTime = server.send("POST", API + "runs/update", TOKEN, "{\"run_id\":\"" + run + "\",\"end_time\":18446744073709551617}");
        HttpResponse<String> maxResults = server.send("POST", API + "runs/search", null, "{\"experiment_ids\":[\"0\"],\"max_results\":18446744073709551617}");
        HttpResponse<String> partNumber = server.send("POST", "/api/2.0/mlflow-artifacts/mpu/complete/0/" + run + "/artifacts/big.bin", TOKEN,
                "{\"upload_id\":\"" + upload + "\",\"parts\":[{\"part_number\":4294967297}]}");
        HttpResponse<String> largest = server.send("POST", API + "runs/log-metric", TOKEN, metric + "\"timestamp\":9223372036854775807}");

        // Assert
        assertMlflowError(timestamp, 400, "INVALID_PARAMETER_VALUE", "Invalid value 18446744073709551617 for parameter 'timestamp'");
        assertMlflowError(step, 400, "INVALID_PARAMETER_VALUE", "'step'");
        assertMlflowError(fraction, 400, "INVALID_PARAMETER_VALUE", "Invalid value 1.5 for parameter 'timestamp'");
        assertMlflowError(batchStep, 400, "INVALID_PARAMETER_VALUE", "'metrics.step'");
        assertMlflowError(startTime, 400, "INVALID_PARAMETER_VALUE", "'start_time'");
        assertMlflowError(endTime, 400, "INVALID_PARAMETER_VALUE", "'end_time'");
        assertMlflowError(maxResults, 400, "INVALID_PARAMETER_VALUE", "'max_results'");
        assertMlflowError(partNumber, 400, "INVALID_PARAMETER_VALUE", "'parts.part_number'");
        assertThat(largest.statusCode()).as(largest.body()).isEqualTo(200);
        JsonNode history = json(server.get(API + "metrics/get-history?run_id=" + run + "&metric_key=w", null)).path("metrics");
        assertThat(history).hasSize(1);
        assertThat(history.get(0).path("timestamp").asLong()).isEqualTo(Long.MAX_VALUE);
        assertThat(json(server.get(API + "runs/get?run_id=" + run, null)).path("run").path("info").has("end_time")).isFalse();
    }

    @Test
    void oversizedBatchesAreRefusedWholeAndUnknownIdsAre404() throws Exception {
        StringBuilder metrics = new StringBuilder();
        for (int i = 0; i < 1001; i++) {
            metrics.append(i == 0 ? "" : ",").append("{\"key\":\"m\",\"value\":1,\"timestamp\":1,\"step\":").append(i).append('}');
        }

        assertMlflowError(server.send("POST", API + "runs/log-batch", TOKEN, "{\"run_id\":\"" + run + "\",\"metrics\":[" + metrics + "]}"),
                400, "INVALID_PARAMETER_VALUE", "at most 1000 metrics");
        assertThat(json(server.get(API + "metrics/get-history?run_id=" + run + "&metric_key=m", null)).path("metrics")).isEmpty();
        assertMlflowError(server.get(API + "runs/get?run_id=nope", null), 404, "RESOURCE_DOES_NOT_EXIST", "nope");
        assertMlflowError(server.get(API + "experiments/get?experiment_id=999", null), 404, "RESOURCE_DOES_NOT_EXIST", "999");
        assertMlflowError(server.get(API + "registered-models/get?name=none", null), 404, "RESOURCE_DOES_NOT_EXIST", "none");
    }

    @Test
    void runsInDeletedExperimentsAndReadOnlyTokensAreRefused() throws Exception {
        String exp = json(server.send("POST", API + "experiments/create", TOKEN, "{\"name\":\"gone\"}")).path("experiment_id").asText();
        server.send("POST", API + "experiments/delete", TOKEN, "{\"experiment_id\":\"" + exp + "\"}");

        assertMlflowError(server.send("POST", API + "runs/create", TOKEN, "{\"experiment_id\":\"" + exp + "\"}"),
                400, "INVALID_PARAMETER_VALUE", "must be in the 'active' state");
        assertMlflowError(server.send("POST", API + "runs/create", null, "{}"), 401, "UNAUTHENTICATED", "access token");
    }

    @Test
    void theAjaxPrefixServesTheSameApi() throws Exception {
        HttpResponse<String> r = server.get("/ajax-api/2.0/mlflow/runs/get?run_id=" + run, null);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).path("run").path("info").path("run_id").asText()).isEqualTo(run);
    }
}
