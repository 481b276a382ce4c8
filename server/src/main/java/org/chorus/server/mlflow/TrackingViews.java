package org.chorus.server.mlflow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chorus.tracking.Experiment;
import org.chorus.tracking.KeyValue;
import org.chorus.tracking.Metric;

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

    /** A metric point as a map, for answers that add fields to it (bulk history adds run_id). */
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
