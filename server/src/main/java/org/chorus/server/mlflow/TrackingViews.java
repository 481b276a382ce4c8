package org.chorus.server.mlflow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chorus.tracking.DatasetInput;
import org.chorus.tracking.Experiment;
import org.chorus.tracking.KeyValue;
import org.chorus.tracking.Metric;
import org.chorus.tracking.Run;
import org.chorus.tracking.RunInfo;

/** Domain records in the JSON shapes of MLflow's service.proto (snake_case field names, int64 as numbers). */
final class TrackingViews {
    private TrackingViews() {}

    static Map<String, Object> experiment(Experiment e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("experiment_id", e.experimentId());
        m.put("name", e.name());
        m.put("artifact_location", e.artifactLocation());
        m.put("lifecycle_stage", e.lifecycleStage().wire());
        m.put("last_update_time", e.lastUpdateTime());
        m.put("creation_time", e.creationTime());
        m.put("tags", tagList(e.tags()));
        return m;
    }

    /** A tag map as MLflow's repeated {key, value} messages. */
    static List<Map<String, Object>> tagList(Map<String, String> tags) {
        List<Map<String, Object>> out = new ArrayList<>();
        tags.forEach((k, v) -> out.add(keyValue(new KeyValue(k, v))));
        return out;
    }

    static Map<String, Object> runInfo(RunInfo i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("run_id", i.runId());
        m.put("run_uuid", i.runId());
        m.put("run_name", i.runName());
        m.put("experiment_id", i.experimentId());
        m.put("user_id", i.userId());
        m.put("status", i.status().name());
        m.put("start_time", i.startTime());
        if (i.endTime() != null) {
            m.put("end_time", i.endTime());
        }
        m.put("artifact_uri", i.artifactUri());
        m.put("lifecycle_stage", i.lifecycleStage().wire());
        return m;
    }

    static Map<String, Object> run(Run r) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("metrics", r.metrics().stream().map(TrackingViews::metric).toList());
        data.put("params", r.params().stream().map(TrackingViews::keyValue).toList());
        data.put("tags", r.tags().stream().map(TrackingViews::keyValue).toList());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("info", runInfo(r.info()));
        m.put("data", data);
        m.put("inputs", Map.of("dataset_inputs", r.inputs().stream().map(TrackingViews::input).toList()));
        return m;
    }

    static Map<String, Object> metric(Metric x) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", x.key());
        m.put("value", x.value());
        m.put("timestamp", x.timestamp());
        m.put("step", x.step());
        return m;
    }

    static Map<String, Object> keyValue(KeyValue kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", kv.key());
        m.put("value", kv.value());
        return m;
    }

    private static Map<String, Object> input(DatasetInput in) {
        DatasetInput.Dataset d = in.dataset();
        Map<String, Object> ds = new LinkedHashMap<>();
        ds.put("name", d.name());
        ds.put("digest", d.digest());
        ds.put("source_type", d.sourceType());
        ds.put("source", d.source());
        if (d.schema() != null) {
            ds.put("schema", d.schema());
        }
        if (d.profile() != null) {
            ds.put("profile", d.profile());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tags", in.tags().stream().map(TrackingViews::keyValue).toList());
        m.put("dataset", ds);
        return m;
    }

    /** Adds {@code next_page_token} only when there is a next page, as protobuf JSON omits empty strings. */
    static Map<String, Object> page(String field, List<?> items, String nextPageToken) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(field, items);
        if (nextPageToken != null) {
            m.put("next_page_token", nextPageToken);
        }
        return m;
    }
}
