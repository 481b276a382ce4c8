package org.chorus.server.mlflow;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.chorus.server.FuzzInputs;
import org.chorus.server.ServerFixture;

/**
 * Fuzzes MLflow request parsing through one server started for the class: random and damaged JSON bodies to every
 * body-taking route, random query parameters to every GET route, random artifact paths. Ids that exist (an experiment,
 * a run, a registered model) are among the values, so requests get past the lookups. Never a 5xx, never a hang.
 */
class MlflowRequestsFuzzTest {
    private static final String API = "/api/2.0/mlflow/";
    private static final List<String> BODY_ROUTES = List.of("POST experiments/create", "POST experiments/delete", "POST experiments/restore",
            "POST experiments/search", "POST experiments/set-experiment-tag", "POST experiments/update", "POST model-versions/create",
            "POST model-versions/publish", "POST model-versions/search", "POST model-versions/set-tag", "POST model-versions/transition-stage",
            "POST registered-models/alias", "POST registered-models/create", "POST registered-models/get-latest-versions",
            "POST registered-models/rename", "POST registered-models/search", "POST registered-models/set-tag", "POST runs/create",
            "POST runs/delete", "POST runs/delete-tag", "POST runs/log-batch", "POST runs/log-inputs", "POST runs/log-metric",
            "POST runs/log-parameter", "POST runs/restore", "POST runs/search", "POST runs/set-tag", "POST runs/update",
            "PATCH model-versions/update", "PATCH registered-models/update", "DELETE model-versions/delete", "DELETE model-versions/delete-tag",
            "DELETE registered-models/alias", "DELETE registered-models/delete", "DELETE registered-models/delete-tag",
            "POST experiments/permissions/create", "PATCH experiments/permissions/update", "DELETE experiments/permissions/delete",
            "POST registered-models/permissions/create", "PATCH registered-models/permissions/update",
            "DELETE registered-models/permissions/delete");
    private static final List<String> GET_ROUTES = List.of("experiments/get", "experiments/get-by-name", "experiments/search",
            "metrics/get-history", "metrics/get-history-bulk-interval", "model-versions/get", "model-versions/get-download-uri",
            "model-versions/search", "registered-models/alias", "registered-models/get", "registered-models/get-latest-versions",
            "registered-models/search", "runs/get", "runs/search", "experiments/permissions/get", "registered-models/permissions/get");
    private static final List<String> PARAMS = List.of("experiment_id", "experiment_ids", "experiment_name", "run_id", "run_uuid", "metric_key",
            "name", "version", "alias", "filter", "max_results", "order_by", "page_token", "view_type", "start_step", "end_step", "run_ids",
            "stages", "path", "username", "permission");

    private static Path dir;
    private static ServerFixture server;
    private static String experimentId;
    private static String runId;

    @BeforeContainer
    static void start() throws IOException {
        dir = Files.createTempDirectory("mlflow-fuzz");
        server = ServerFixture.sqlite(dir);
        String token = ServerFixture.ADMIN_TOKEN;
        experimentId = field(server.send("POST", API + "experiments/create", token, "{\"name\":\"fuzz\"}").body(), "experiment_id");
        runId = field(server.send("POST", API + "runs/create", token, "{\"experiment_id\":\"" + experimentId + "\"}").body(), "run_id");
        server.send("POST", API + "registered-models/create", token, "{\"name\":\"fuzz\"}");
    }

    private static String field(String json, String name) throws IOException {
        var node = org.chorus.server.http.Json.MAPPER.readTree(json);
        return node.findValue(name).asText();
    }

    @AfterContainer
    static void stop() throws IOException {
        server.close();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Property(tries = 250, shrinking = ShrinkingMode.BOUNDED)
    void bodies(@ForAll("bodyRoutes") String route, @ForAll("bodies") String body, @ForAll boolean authenticated) {
        String[] methodAndPath = route.split(" ", 2);
        FuzzInputs.assertClientErrorAtWorst(server, methodAndPath[0], API + methodAndPath[1], authenticated ? ServerFixture.ADMIN_TOKEN : null,
                Map.of("Content-Type", "application/json"), body);
    }

    @Property(tries = 200, shrinking = ShrinkingMode.BOUNDED)
    void queryParameters(@ForAll("getRoutes") String route, @ForAll("queries") String query) {
        FuzzInputs.assertClientErrorAtWorst(server, "GET", API + route + "?" + query, ServerFixture.ADMIN_TOKEN, Map.of(), null);
    }

    @Property(tries = 150, shrinking = ShrinkingMode.BOUNDED)
    void artifactPaths(@ForAll("artifactPaths") String path, @ForAll("methods") String method) {
        FuzzInputs.assertClientErrorAtWorst(server, method, "/api/2.0/mlflow-artifacts/artifacts/" + path, ServerFixture.ADMIN_TOKEN, Map.of(),
                method.equals("PUT") ? "bytes" : null);
    }

    @Provide
    Arbitrary<String> bodyRoutes() {
        return Arbitraries.of(BODY_ROUTES);
    }

    @Provide
    Arbitrary<String> getRoutes() {
        return Arbitraries.of(GET_ROUTES);
    }

    @Provide
    Arbitrary<String> methods() {
        return Arbitraries.of("GET", "PUT", "DELETE");
    }

    /** Random bodies, and bodies whose ids exist, so that the rest of the request is parsed too. */
    @Provide
    Arbitrary<String> bodies() {
        Arbitrary<String> withIds = FuzzInputs.jsonValues().filter(n -> n.isObject()).map(n -> {
            var o = (com.fasterxml.jackson.databind.node.ObjectNode) n;
            o.put("experiment_id", experimentId).put("run_id", runId).put("name", "fuzz").put("username", "admin");
            return FuzzInputs.write(o);
        });
        return Arbitraries.oneOf(FuzzInputs.bodies(), withIds);
    }

    @Provide
    Arbitrary<String> queries() {
        Arbitrary<String> value = Arbitraries.oneOf(FuzzInputs.text(), Arbitraries.of(experimentId, runId, "fuzz", "1", "-1", "99999999999999999999",
                "admin", "READ"));
        Arbitrary<String> pair = Combinators.combine(Arbitraries.oneOf(Arbitraries.of(PARAMS), FuzzInputs.text()), value)
                .as((k, v) -> URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8));
        return pair.list().ofMaxSize(5).map(l -> l.stream().collect(Collectors.joining("&")));
    }

    @Provide
    Arbitrary<String> artifactPaths() {
        return FuzzInputs.segments().list().ofMinSize(1).ofMaxSize(5).map(l -> String.join("/", l));
    }
}
