package org.chorus.client;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reading experiment runs through the MLflow-compatible API, for listing and comparing. */
public final class RunsClient {
    private static final String API = "/api/2.0/mlflow";

    /** A run with its latest metric values, params and tags, each sorted by key. */
    public record Run(String id, String name, String experimentId, String status, long startTime, Long endTime,
                      Map<String, Double> metrics, Map<String, String> params, Map<String, String> tags) {}

    private final Http http;

    RunsClient(Http http) {
        this.http = http;
    }

    public String experimentId(String name) {
        Map<?, ?> reply = (Map<?, ?>) http.send("GET", API + "/experiments/get-by-name?experiment_name=" + HubClient.enc(name), null);
        return Models.str((Map<?, ?>) reply.get("experiment"), "experiment_id");
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
