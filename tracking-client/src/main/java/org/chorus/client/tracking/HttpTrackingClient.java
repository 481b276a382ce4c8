package org.chorus.client.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The tracking client over the JDK HttpClient; values are sent as MLflow's REST API expects them. */
final class HttpTrackingClient implements TrackingClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final String token;
    private final HttpClient http;

    HttpTrackingClient(URI baseUrl, String token) {
        String root = baseUrl.toString().endsWith("/") ? baseUrl.toString() : baseUrl + "/";
        this.base = URI.create(root + "api/2.0/mlflow/");
        this.token = token;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    @Override
    public String createExperiment(String name) {
        return send("POST", "experiments/create", Map.of("name", name)).path("experiment_id").asText();
    }

    @Override
    public String experimentIdByName(String name) {
        try {
            return send("GET", "experiments/get-by-name?experiment_name=" + URLEncoder.encode(name, StandardCharsets.UTF_8), null)
                    .path("experiment").path("experiment_id").asText();
        } catch (TrackingException e) {
            if (e.status() == 404) {
                return null;
            }
            throw e;
        }
    }

    @Override
    public String createRun(String experimentId, String runName) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("experiment_id", experimentId);
        body.put("start_time", System.currentTimeMillis());
        if (runName != null) {
            body.put("run_name", runName);
        }
        return send("POST", "runs/create", body).path("run").path("info").path("run_id").asText();
    }

    @Override
    public void logBatch(String runId, List<Metric> metrics, List<Param> params, List<Tag> tags) {
        List<Map<String, Object>> ms = new ArrayList<>(metrics.size());
        for (Metric m : metrics) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("key", m.key());
            x.put("value", Double.isFinite(m.value()) ? (Object) m.value() : (Object) Double.toString(m.value()));
            x.put("timestamp", m.timestamp());
            x.put("step", m.step());
            ms.add(x);
        }
        List<Map<String, Object>> ps = new ArrayList<>();
        params.forEach(p -> ps.add(Map.of("key", p.key(), "value", p.value())));
        List<Map<String, Object>> ts = new ArrayList<>();
        tags.forEach(t -> ts.add(Map.of("key", t.key(), "value", t.value())));
        send("POST", "runs/log-batch", Map.of("run_id", runId, "metrics", ms, "params", ps, "tags", ts));
    }

    @Override
    public void endRun(String runId, String status) {
        send("POST", "runs/update", Map.of("run_id", runId, "status", status, "end_time", System.currentTimeMillis()));
    }

    private JsonNode send(String method, String path, Object body) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60));
            if (token != null) {
                b.header("Authorization", "Bearer " + token);
            }
            if (body == null) {
                b.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
            }
            HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            JsonNode node = r.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(r.body());
            if (r.statusCode() != 200) {
                throw new TrackingException(r.statusCode(), node.path("error_code").asText("UNKNOWN"),
                        node.path("message").asText("HTTP " + r.statusCode()));
            }
            return node;
        } catch (IOException e) {
            throw new TrackingException(0, "UNAVAILABLE", "cannot reach " + base + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrackingException(0, "UNAVAILABLE", "interrupted");
        }
    }

    @Override
    public void close() {
        // The JDK client on Java 17 has no close(); its threads end when it is unreachable.
    }
}
