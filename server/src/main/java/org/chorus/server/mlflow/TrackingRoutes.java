package org.chorus.server.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chorus.core.ChorusException;
import org.chorus.hub.accounts.Principal;
import org.chorus.server.http.Auth;
import org.chorus.server.http.Routes;
import org.chorus.tracking.DatasetInput;
import org.chorus.tracking.KeyValue;
import org.chorus.tracking.Metric;
import org.chorus.tracking.EncodedRuns;
import org.chorus.tracking.Page;
import org.chorus.tracking.Run;
import org.chorus.tracking.RunStatus;
import org.chorus.tracking.TrackingStore;
import org.chorus.tracking.ViewType;

/**
 * MLflow's tracking service (service.proto) under {@code /api/2.0/mlflow/} and {@code /ajax-api/2.0/mlflow/}.
 * Reads are open to anyone; writes need a write token, and runs record the token's user as {@code user_id}.
 */
public final class TrackingRoutes implements Routes {
    static final List<String> PREFIXES = List.of("/api/2.0/mlflow/", "/ajax-api/2.0/mlflow/");
    private static final int MAX_BATCH_BYTES = 1 << 20;

    private final TrackingStore store;
    private final EncodedRuns<byte[]> runJson;

    /** {@code runCacheBytes}: memory for runs' JSON kept between searches (0: none). */
    public TrackingRoutes(TrackingStore store, long runCacheBytes) {
        this.store = store;
        this.runJson = EncodedRuns.kept(JsonOut::bytes, json -> json.length, runCacheBytes);
    }

    /** Registers one handler under both prefixes. */
    static void route(RoutesConfig routes, HandlerType method, String path, Handler handler) {
        for (String prefix : PREFIXES) {
            routes.addHttpHandler(method, prefix + path, handler);
        }
    }

    static Principal writer(Context ctx) {
        Principal p = Auth.required(ctx);
        p.requireWriteToken();
        return p;
    }

    @Override
    public void register(RoutesConfig routes) {
        route(routes, HandlerType.POST, "experiments/create", ctx -> {
            writer(ctx);
            MlflowRequest r = MlflowRequest.of(ctx);
            Map<String, String> tags = new LinkedHashMap<>();
            keyValues(r, "tags").forEach(kv -> tags.put(kv.key(), kv.value()));
            JsonOut.json(ctx, Map.of("experiment_id", store.createExperiment(r.required("name"), r.string("artifact_location"), tags)));
        });
        route(routes, HandlerType.GET, "experiments/get", ctx -> JsonOut.json(ctx, Map.of("experiment",
                TrackingViews.experiment(store.getExperiment(MlflowRequest.of(ctx).required("experiment_id"))))));
        route(routes, HandlerType.GET, "experiments/get-by-name", ctx -> JsonOut.json(ctx, Map.of("experiment",
                TrackingViews.experiment(store.getExperimentByName(MlflowRequest.of(ctx).required("experiment_name"))))));
        Handler searchExperiments = ctx -> {
            MlflowRequest r = MlflowRequest.of(ctx);
            var page = store.searchExperiments(r.string("filter"), r.strings("order_by"), ViewType.parse(r.string("view_type")),
                    r.int32("max_results", TrackingStore.MAX_RESULTS_DEFAULT), r.string("page_token"));
            JsonOut.json(ctx, TrackingViews.page("experiments", page.items().stream().map(TrackingViews::experiment).toList(), page.nextPageToken()));
        };
        route(routes, HandlerType.POST, "experiments/search", searchExperiments);
        route(routes, HandlerType.GET, "experiments/search", searchExperiments);
        route(routes, HandlerType.POST, "experiments/update", ctx -> {
            writer(ctx);
            MlflowRequest r = MlflowRequest.of(ctx);
            store.renameExperiment(r.required("experiment_id"), r.string("new_name"));
            JsonOut.json(ctx, Map.of());
        });
        route(routes, HandlerType.POST, "experiments/delete", ctx -> {
            writer(ctx);
            store.deleteExperiment(MlflowRequest.of(ctx).required("experiment_id"));
            JsonOut.json(ctx, Map.of());
        });
        route(routes, HandlerType.POST, "experiments/restore", ctx -> {
            writer(ctx);
            store.restoreExperiment(MlflowRequest.of(ctx).required("experiment_id"));
            JsonOut.json(ctx, Map.of());
        });
        route(routes, HandlerType.POST, "experiments/set-experiment-tag", ctx -> {
            writer(ctx);
            MlflowRequest r = MlflowRequest.of(ctx);
            store.setExperimentTag(r.required("experiment_id"), r.required("key"), r.string("value"));
            JsonOut.json(ctx, Map.of());
        });
        registerRuns(routes);
        registerLogging(routes);
    }

    private void registerRuns(RoutesConfig routes) {
        route(routes, HandlerType.POST, "runs/create", ctx -> {
            Principal p = writer(ctx);
            MlflowRequest r = MlflowRequest.of(ctx);
            Run run = store.createRun(r.string("experiment_id"), p.user().name(), r.string("run_name"), r.int64("start_time"),
                    keyValues(r, "tags"));
            JsonOut.json(ctx, Map.of("run", run));
        });
        route(routes, HandlerType.GET, "runs/get", ctx -> JsonOut.json(ctx, Map.of("run", store.getRun(runId(MlflowRequest.of(ctx))))));
        route(routes, HandlerType.POST, "runs/update", ctx -> {
            writer(ctx);
            MlflowRequest r = MlflowRequest.of(ctx);
            String status = r.string("status");
            var info = store.updateRun(runId(r), status == null || status.isEmpty() ? null : RunStatus.parse(status), r.int64("end_time"),
                    r.string("run_name"));
            JsonOut.json(ctx, Map.of("run_info", info));
        });
        route(routes, HandlerType.POST, "runs/delete", ctx -> {
            writer(ctx);
            store.deleteRun(runId(MlflowRequest.of(ctx)));
            JsonOut.json(ctx, Map.of());
        });
        route(routes, HandlerType.POST, "runs/restore", ctx -> {
            writer(ctx);
            store.restoreRun(runId(MlflowRequest.of(ctx)));
            JsonOut.json(ctx, Map.of());
        });
        Handler search = ctx -> {
            MlflowRequest r = MlflowRequest.of(ctx);
            Page<byte[]> page = store.searchRuns(r.strings("experiment_ids"), r.string("filter"), ViewType.parse(r.string("run_view_type")),
                    r.int32("max_results", TrackingStore.MAX_RESULTS_DEFAULT), r.strings("order_by"), r.string("page_token"), runJson);
            JsonOut.page(ctx, "runs", page.items(), page.nextPageToken());
        };
        route(routes, HandlerType.POST, "runs/search", search);
        route(routes, HandlerType.GET, "runs/search", search);
    }

    private void registerLogging(RoutesConfig routes) {
        route(routes, HandlerType.POST, "runs/log-metric", ctx -> {
            writer(ctx);
            MlflowRequest r = MlflowRequest.of(ctx);
            Long ts = r.int64("timestamp");
            if (ts == null) {
                throw MlflowRequest.missing("timestamp");
            }
            store.logMetric(runId(r), new Metric(r.required("key"), MlflowRequest.toDouble("value", r.node("value")), ts,
                    MlflowRequest.toLong("step", r.node("step"), 0)));
            JsonOut.json(ctx, Map.of());
        });
        route(routes, HandlerType.POST, "runs/log-parameter", ctx -> {
            writer(ctx);
            MlflowRequest r = MlflowRequest.of(ctx);
            store.logParam(runId(r), r.required("key"), r.string("value"));
            JsonOut.json(ctx, Map.of());
        });
        route(routes, HandlerType.POST, "runs/set-tag", ctx -> {
            writer(ctx);
            MlflowRequest r = MlflowRequest.of(ctx);
            store.setTag(runId(r), r.required("key"), r.string("value"));
            JsonOut.json(ctx, Map.of());
        });
        route(routes, HandlerType.POST, "runs/delete-tag", ctx -> {
            writer(ctx);
            MlflowRequest r = MlflowRequest.of(ctx);
            store.deleteTag(runId(r), r.required("key"));
            JsonOut.json(ctx, Map.of());
        });
        route(routes, HandlerType.POST, "runs/log-batch", ctx -> {
            writer(ctx);
            if (ctx.contentLength() > MAX_BATCH_BYTES || ctx.bodyAsBytes().length > MAX_BATCH_BYTES) {
                throw ChorusException.invalid("Batched logging API requests must be at most " + MAX_BATCH_BYTES + " bytes");
            }
            MlflowRequest r = MlflowRequest.of(ctx);
            List<Metric> metrics = new ArrayList<>();
            for (JsonNode m : r.array("metrics")) {
                JsonNode ts = m.get("timestamp");
                if (ts == null || ts.isNull()) {
                    throw MlflowRequest.missing("metrics.timestamp");
                }
                metrics.add(new Metric(m.path("key").asText(null), MlflowRequest.toDouble("metrics.value", m.get("value")),
                        MlflowRequest.toLong("metrics.timestamp", ts, 0), MlflowRequest.toLong("metrics.step", m.get("step"), 0)));
            }
            store.logBatch(runId(r), metrics, keyValues(r, "params"), keyValues(r, "tags"));
            JsonOut.json(ctx, Map.of());
        });
        route(routes, HandlerType.POST, "runs/log-inputs", ctx -> {
            writer(ctx);
            MlflowRequest r = MlflowRequest.of(ctx);
            List<DatasetInput> inputs = new ArrayList<>();
            for (JsonNode in : r.array("datasets")) {
                List<KeyValue> tags = new ArrayList<>();
                in.path("tags").forEach(t -> tags.add(new KeyValue(t.path("key").asText(), t.path("value").asText(""))));
                JsonNode d = in.path("dataset");
                inputs.add(new DatasetInput(tags, new DatasetInput.Dataset(text(d, "name"), text(d, "digest"), text(d, "source_type"),
                        text(d, "source"), text(d, "schema"), text(d, "profile"))));
            }
            store.logInputs(runId(r), inputs);
            JsonOut.json(ctx, Map.of());
        });
        route(routes, HandlerType.GET, "metrics/get-history", ctx -> {
            MlflowRequest r = MlflowRequest.of(ctx);
            Page<Metric> page = store.metricHistory(runId(r), r.required("metric_key"), r.int32("max_results", 0), r.string("page_token"));
            JsonOut.json(ctx, TrackingViews.page("metrics", page.items(), page.nextPageToken()));
        });
        route(routes, HandlerType.GET, "metrics/get-history-bulk-interval", ctx -> {
            MlflowRequest r = MlflowRequest.of(ctx);
            var points = store.metricHistoryBulkInterval(r.strings("run_ids"), r.required("metric_key"), r.int64("start_step"),
                    r.int64("end_step"), r.int32("max_results", 100));
            JsonOut.json(ctx, Map.of("metrics", points.stream().map(p -> {
                Map<String, Object> m = TrackingViews.metric(p.metric());
                m.put("run_id", p.runId());
                return m;
            }).toList()));
        });
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** run_id, or the deprecated run_uuid older clients send. */
    static String runId(MlflowRequest r) {
        String id = r.string("run_id");
        if (id == null || id.isEmpty()) {
            id = r.string("run_uuid");
        }
        if (id == null || id.isEmpty()) {
            throw MlflowRequest.missing("run_id");
        }
        return id;
    }

    static List<KeyValue> keyValues(MlflowRequest r, String field) {
        List<KeyValue> out = new ArrayList<>();
        for (JsonNode n : r.array(field)) {
            JsonNode value = n.get("value");
            out.add(new KeyValue(n.path("key").asText(null), value == null || value.isNull() ? null : value.asText()));
        }
        return out;
    }
}
