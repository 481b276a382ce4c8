package org.chorus.client;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Experiments and runs through the MLflow-compatible API: listing and comparing runs, and logging simple ones. */
public final class RunsClient {
    private static final String API = "/api/2.0/mlflow";
    /** MLflow's limit on metrics in one log-batch request. */
    private static final int MAX_METRICS_PER_BATCH = 1000;

    /** A run with its latest metric values, params and tags, each sorted by key. */
    public record Run(String id, String name, String experimentId, String status, long startTime, Long endTime,
                      Map<String, Double> metrics, Map<String, String> params, Map<String, String> tags) {}

    /** One value of a metric at a step (e.g. a training round). */
    public record Metric(String key, double value, long step) {}

    /** An experiment as a listing shows it. */
    public record Experiment(String id, String name, String lifecycleStage) {}

    private final Http http;

    RunsClient(Http http) {
        this.http = http;
    }

    public String experimentId(String name) {
        Map<?, ?> reply = (Map<?, ?>) http.send("GET", API + "/experiments/get-by-name?experiment_name=" + HubClient.enc(name), null);
        return Models.str((Map<?, ?>) reply.get("experiment"), "experiment_id");
    }

    /** Creates an experiment and returns its id. */
    public String createExperiment(String name) {
        Map<?, ?> reply = (Map<?, ?>) http.send("POST", API + "/experiments/create", Map.of("name", name));
        return Models.str(reply, "experiment_id");
    }

    /** Active experiments, at most {@code limit}. */
    public List<Experiment> experiments(int limit) {
        List<Experiment> found = new ArrayList<>();
        String pageToken = null;
        do {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("max_results", Math.min(1000, limit - found.size()));
            if (pageToken != null) {
                body.put("page_token", pageToken);
            }
            Map<?, ?> reply = (Map<?, ?>) http.send("POST", API + "/experiments/search", body);
            entries(reply == null ? null : reply.get("experiments")).forEach(e -> found.add(new Experiment(
                    Models.str(e, "experiment_id"), Models.str(e, "name"), Models.str(e, "lifecycle_stage"))));
            pageToken = reply == null ? null : Models.str(reply, "next_page_token");
        } while (pageToken != null && !pageToken.isEmpty() && found.size() < limit);
        return found;
    }

    /** Marks an experiment deleted, as MLflow does: its runs stay, and it can be restored. */
    public void deleteExperiment(String experimentId) {
        http.send("POST", API + "/experiments/delete", Map.of("experiment_id", experimentId));
    }

    /** The experiment's id, creating it first when there is none of that name; {@code created} hears of a creation. */
    public String experimentIdOrCreate(String name, java.util.function.Consumer<String> created) {
        try {
            return experimentId(name);
        } catch (ChorusClientException e) {
            if (e.status() != 404) {
                throw e;
            }
        }
        String id = createExperiment(name);
        created.accept(id);
        return id;
    }

    /**
     * Stores {@code content} as the run's artifact at {@code path} (e.g. {@code model/weights.bin}), through MLflow's
     * artifact proxy; registering {@code runs:/<run id>/model} then makes a version that can be published to the hub.
     */
    public void uploadArtifact(String experimentId, String runId, String path, byte[] content) {
        String target = "/api/2.0/mlflow-artifacts/artifacts/" + HubClient.enc(experimentId) + "/" + HubClient.enc(runId) + "/artifacts/"
                + java.util.Arrays.stream(path.split("/")).map(HubClient::enc).collect(java.util.stream.Collectors.joining("/"));
        http.exchange(http.request(target).PUT(java.net.http.HttpRequest.BodyPublishers.ofByteArray(content)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    /** Marks a run deleted, as MLflow does: it leaves searches and can be restored. */
    public void deleteRun(String runId) {
        http.send("POST", API + "/runs/delete", Map.of("run_id", runId));
    }

    public void restoreRun(String runId) {
        http.send("POST", API + "/runs/restore", Map.of("run_id", runId));
    }

    /**
     * Logs a finished run in one batch — params, metrics (at step 0) and tags — and returns its id: what a script or a
     * person records after the fact, without an MLflow client.
     */
    public String logRun(String experimentId, String name, Map<String, String> params, Map<String, Double> metrics,
                         Map<String, String> tags) {
        List<Metric> points = new ArrayList<>();
        metrics.forEach((k, v) -> points.add(new Metric(k, v, 0)));
        return logRun(experimentId, name, params, points, tags);
    }

    /** As {@link #logRun(String, String, Map, Map, Map)} with metrics at steps, such as one value per round. */
    public String logRun(String experimentId, String name, Map<String, String> params, List<Metric> metrics, Map<String, String> tags) {
        long now = System.currentTimeMillis();
        Map<String, Object> create = new LinkedHashMap<>();
        create.put("experiment_id", experimentId);
        if (name != null) {
            create.put("run_name", name);
        }
        create.put("start_time", now);
        Map<?, ?> created = (Map<?, ?>) http.send("POST", API + "/runs/create", create);
        String runId = Models.str((Map<?, ?>) ((Map<?, ?>) created.get("run")).get("info"), "run_id");
        List<Map<String, Object>> metricList = new ArrayList<>();
        metrics.forEach(m -> metricList.add(Map.of("key", m.key(), "value", m.value(), "timestamp", now, "step", m.step())));
        for (int from = 0; from == 0 || from < metricList.size(); from += MAX_METRICS_PER_BATCH) {
            Map<String, Object> batch = new LinkedHashMap<>();
            batch.put("run_id", runId);
            batch.put("params", from == 0 ? keyValues(params) : List.of());
            batch.put("metrics", metricList.subList(from, Math.min(metricList.size(), from + MAX_METRICS_PER_BATCH)));
            batch.put("tags", from == 0 ? keyValues(tags) : List.of());
            http.send("POST", API + "/runs/log-batch", batch);
        }
        http.send("POST", API + "/runs/update", Map.of("run_id", runId, "status", "FINISHED", "end_time", now));
        return runId;
    }

    private static List<Map<String, Object>> keyValues(Map<String, String> values) {
        List<Map<String, Object>> out = new ArrayList<>();
        values.forEach((k, v) -> out.add(Map.of("key", k, "value", v)));
        return out;
    }

    /** Runs of the experiments, filtered and ordered with MLflow's syntax (e.g. {@code metrics.acc > 0.9}). */
    public List<Run> search(List<String> experimentIds, String filter, List<String> orderBy, int limit) {
        List<Run> runs = new ArrayList<>();
        String pageToken = null;
        do {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("experiment_ids", experimentIds);
            body.put("max_results", Math.min(1000, limit - runs.size()));
            if (filter != null) {
                body.put("filter", filter);
            }
            if (orderBy != null && !orderBy.isEmpty()) {
                body.put("order_by", orderBy);
            }
            if (pageToken != null) {
                body.put("page_token", pageToken);
            }
            Map<?, ?> reply = (Map<?, ?>) http.send("POST", API + "/runs/search", body);
            if (reply != null && reply.get("runs") instanceof List<?> list) {
                list.forEach(r -> runs.add(run((Map<?, ?>) r)));
            }
            pageToken = reply == null ? null : Models.str(reply, "next_page_token");
        } while (pageToken != null && !pageToken.isEmpty() && runs.size() < limit);
        return runs;
    }

    public Run get(String runId) {
        Map<?, ?> reply = (Map<?, ?>) http.send("GET", API + "/runs/get?run_id=" + HubClient.enc(runId), null);
        return run((Map<?, ?>) reply.get("run"));
    }

    private static Run run(Map<?, ?> m) {
        Map<?, ?> info = (Map<?, ?>) m.get("info");
        Map<?, ?> data = m.get("data") instanceof Map<?, ?> d ? d : Map.of();
        Map<String, Double> metrics = new TreeMap<>();
        for (Map<?, ?> e : entries(data.get("metrics"))) {
            metrics.put(Models.str(e, "key"), e.get("value") instanceof Number n ? n.doubleValue() : Double.NaN);
        }
        Map<String, String> params = new TreeMap<>();
        entries(data.get("params")).forEach(e -> params.put(Models.str(e, "key"), Models.str(e, "value")));
        Map<String, String> tags = new TreeMap<>();
        entries(data.get("tags")).forEach(e -> tags.put(Models.str(e, "key"), Models.str(e, "value")));
        return new Run(Models.str(info, "run_id"), Models.str(info, "run_name"), Models.str(info, "experiment_id"),
                Models.str(info, "status"), number(info.get("start_time")), info.get("end_time") == null ? null : number(info.get("end_time")),
                metrics, params, tags);
    }

    private static List<Map<?, ?>> entries(Object list) {
        List<Map<?, ?>> out = new ArrayList<>();
        if (list instanceof List<?> l) {
            l.forEach(o -> out.add((Map<?, ?>) o));
        }
        return out;
    }

    private static long number(Object o) {
        return o instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(o));
    }
}
