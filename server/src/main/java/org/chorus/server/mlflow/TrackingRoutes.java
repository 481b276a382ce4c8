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
import org.chorus.server.http.Routes;
import org.chorus.tracking.Caller;
import org.chorus.tracking.DatasetInput;
import org.chorus.tracking.KeyValue;
import org.chorus.tracking.Metric;
import org.chorus.tracking.EncodedRuns;
import org.chorus.tracking.Page;
import org.chorus.tracking.Permission;
import org.chorus.tracking.Run;
import org.chorus.tracking.RunStatus;
import org.chorus.tracking.TrackingAccess;
import org.chorus.tracking.TrackingStore;
import org.chorus.tracking.ViewType;

/**
 * MLflow's tracking service (service.proto) under {@code /api/2.0/mlflow/} and {@code /ajax-api/2.0/mlflow/}.
 * Each call needs MLflow's permission on the experiment it touches (runs follow their experiment), checked through
 * {@link TrackingAccess} before the store is called; writes also need a write token, and runs record the token's
 * user as {@code user_id}. Searches show only what the caller may read.
 */
public final class TrackingRoutes implements Routes {
    static final List<String> PREFIXES = List.of("/api/2.0/mlflow/", "/ajax-api/2.0/mlflow/");
    private static final int MAX_BATCH_BYTES = 1 << 20;

    private final TrackingStore store;
    private final TrackingAccess access;
    private final EncodedRuns<byte[]> runJson;

    /** {@code runCacheBytes}: memory for runs' JSON kept between searches (0: none). */
    public TrackingRoutes(TrackingStore store, TrackingAccess access, long runCacheBytes) {
        this.store = store;
        this.access = access;
        this.runJson = EncodedRuns.kept(JsonOut::bytes, json -> json.length, runCacheBytes);
    }

    /** Registers one handler under both prefixes. */
    static void route(RoutesConfig routes, HandlerType method, String path, Handler handler) {
        for (String prefix : PREFIXES) {
            routes.addHttpHandler(method, prefix + path, handler);
        }
    }

    /** The request's run, which the caller (already known to hold a write token) must hold {@code needed} on. */
    private String writableRun(Caller caller, MlflowRequest r, Permission needed) {
        String runId = runId(r);
        access.requireRun(caller, runId, needed);
        return runId;
    }

    /** The request's experiment, which the caller (already known to hold a write token) must hold {@code needed} on. */
    private String writableExperiment(Caller caller, MlflowRequest r, Permission needed) {
        String id = r.required("experiment_id");
        access.requireExperiment(caller, id, needed);
        return id;
    }

    private String readableRun(Context ctx, MlflowRequest r) {
        String runId = runId(r);
        access.requireRun(Callers.of(ctx), runId, Permission.READ);
        return runId;
    }

    @Override
    public void register(RoutesConfig routes) {
        route(routes, HandlerType.POST, "experiments/create", ctx -> {
            Caller caller = Callers.writer(ctx);
            MlflowRequest r = MlflowRequest.of(ctx);
            Map<String, String> tags = new LinkedHashMap<>();
            keyValues(r, "tags").forEach(kv -> tags.put(kv.key(), kv.value()));
            JsonOut.json(ctx, Map.of("experiment_id", store.createExperiment(caller, r.required("name"), r.string("artifact_location"), tags)));
        });
        route(routes, HandlerType.GET, "experiments/get", ctx -> {
            String id = MlflowRequest.of(ctx).required("experiment_id");
            access.requireExperiment(Callers.of(ctx), id, Permission.READ);
            JsonOut.json(ctx, Map.of("experiment", TrackingViews.experiment(store.getExperiment(id))));
        });
        route(routes, HandlerType.GET, "experiments/get-by-name", ctx -> {
            String name = MlflowRequest.of(ctx).required("experiment_name");
            access.requireExperimentNamed(Callers.of(ctx), name, Permission.READ);
            JsonOut.json(ctx, Map.of("experiment", TrackingViews.experiment(store.getExperimentByName(name))));
        });
        Handler searchExperiments = ctx -> {
            MlflowRequest r = MlflowRequest.of(ctx);
            var page = store.searchExperiments(Callers.of(ctx), r.string("filter"), r.strings("order_by"), ViewType.parse(r.string("view_type")),
                    r.int32("max_results", TrackingStore.MAX_RESULTS_DEFAULT), r.string("page_token"));
            JsonOut.json(ctx, TrackingViews.page("experiments", page.items().stream().map(TrackingViews::experiment).toList(), page.nextPageToken()));
        };
        route(routes, HandlerType.POST, "experiments/search", searchExperiments);
        route(routes, HandlerType.GET, "experiments/search", searchExperiments);
        route(routes, HandlerType.POST, "experiments/update", ctx -> {
            Caller caller = Callers.writer(ctx);
            MlflowRequest r = MlflowRequest.of(ctx);
            store.renameExperiment(writableExperiment(caller, r, Permission.EDIT), r.string("new_name"));
            JsonOut.json(ctx, Map.of());
        });
        route(routes, HandlerType.POST, "experiments/delete", ctx -> {
            store.deleteExperiment(writableExperiment(Callers.writer(ctx), MlflowRequest.of(ctx), Permission.MANAGE));
            JsonOut.json(ctx, Map.of());
        });
        route(routes, HandlerType.POST, "experiments/restore", ctx -> {
            store.restoreExperiment(writableExperiment(Callers.writer(ctx), MlflowRequest.of(ctx), Permission.MANAGE));
            JsonOut.json(ctx, Map.of());
        });
        route(routes, HandlerType.POST, "experiments/set-experiment-tag", ctx -> {
            Caller caller = Callers.writer(ctx);
            MlflowRequest r = MlflowRequest.of(ctx);
            store.setExperimentTag(writableExperiment(caller, r, Permission.EDIT), r.required("key"), r.string("value"));
            JsonOut.json(ctx, Map.of());
        });
        registerRuns(routes);
        registerLogging(routes);
    }

    private void registerRuns(RoutesConfig routes) {
        route(routes, HandlerType.POST, "runs/create", ctx -> {
            Caller caller = Callers.writer(ctx);
            MlflowRequest r = MlflowRequest.of(ctx);
            String experiment = r.string("experiment_id");
            experiment = experiment == null || experiment.isEmpty() ? TrackingStore.DEFAULT_EXPERIMENT_ID : experiment;
            access.requireExperiment(caller, experiment, Permission.EDIT);
            Run run = store.createRun(experiment, caller.name(), r.string("run_name"), r.int64("start_time"), keyValues(r, "tags"));
            JsonOut.json(ctx, Map.of("run", run));
        });
        route(routes, HandlerType.GET, "runs/get", ctx ->
                JsonOut.json(ctx, Map.of("run", store.getRun(readableRun(ctx, MlflowRequest.of(ctx))))));
        route(routes, HandlerType.POST, "runs/update", ctx -> {
            Caller caller = Callers.writer(ctx);
            MlflowRequest r = MlflowRequest.of(ctx);
            String runId = writableRun(caller, r, Permission.EDIT);
            String status = r.string("status");
            var info = store.updateRun(runId, status == null || status.isEmpty() ? null : RunStatus.parse(status), r.int64("end_time"),
                    r.string("run_name"));
            JsonOut.json(ctx, Map.of("run_info", info));
        });
        route(routes, HandlerType.POST, "runs/delete", ctx -> {
            store.deleteRun(writableRun(Callers.writer(ctx), MlflowRequest.of(ctx), Permission.MANAGE));
            JsonOut.json(ctx, Map.of());
        });
        route(routes, HandlerType.POST, "runs/restore", ctx -> {
            store.restoreRun(writableRun(Callers.writer(ctx), MlflowRequest.of(ctx), Permission.MANAGE));
            JsonOut.json(ctx, Map.of());
        });
        Handler search = ctx -> {
            MlflowRequest r = MlflowRequest.of(ctx);
            Page<byte[]> page = store.searchRuns(Callers.of(ctx), r.strings("experiment_ids"), r.string("filter"), ViewType.parse(r.string("run_view_type")),
                    r.int32("max_results", TrackingStore.MAX_RESULTS_DEFAULT), r.strings("order_by"), r.string("page_token"), runJson);
            JsonOut.page(ctx, "runs", page.items(), page.nextPageToken());
        };
        route(routes, HandlerType.POST, "runs/search", search);
        route(routes, HandlerType.GET, "runs/search", search);
    }

    private void registerLogging(RoutesConfig routes) {
        route(routes, HandlerType.POST, "runs/log-metric", ctx -> {
            Caller caller = Callers.writer(ctx);
            MlflowRequest r = MlflowRequest.of(ctx);
            String runId = writableRun(caller, r, Permission.EDIT);
            Long ts = r.int64("timestamp");
            if (ts == null) {
                throw MlflowRequest.missing("timestamp");
            }
            store.logMetric(runId, new Metric(r.required("key"), MlflowRequest.toDouble("value", r.node("value")), ts,
                    MlflowRequest.toLong("step", r.node("step"), 0)));
            JsonOut.json(ctx, Map.of());
        });
        route(routes, HandlerType.POST, "runs/log-parameter", ctx -> {
            Caller caller = Callers.writer(ctx);
            MlflowRequest r = MlflowRequest.of(ctx);
            store.logParam(writableRun(caller, r, Permission.EDIT), r.required("key"), r.string("value"));
            JsonOut.json(ctx, Map.of());
        });
        route(routes, HandlerType.POST, "runs/set-tag", ctx -> {
            Caller caller = Callers.writer(ctx);
            MlflowRequest r = MlflowRequest.of(ctx);
            store.setTag(writableRun(caller, r, Permission.EDIT), r.required("key"), r.string("value"));
            JsonOut.json(ctx, Map.of());
        });
        route(routes, HandlerType.POST, "runs/delete-tag", ctx -> {
            Caller caller = Callers.writer(ctx);
            MlflowRequest r = MlflowRequest.of(ctx);
            store.deleteTag(writableRun(caller, r, Permission.EDIT), r.required("key"));
            JsonOut.json(ctx, Map.of());
        });
        route(routes, HandlerType.POST, "runs/log-batch", ctx -> {
            Caller caller = Callers.writer(ctx);
            if (ctx.contentLength() > MAX_BATCH_BYTES || ctx.bodyAsBytes().length > MAX_BATCH_BYTES) {
                throw ChorusException.invalid("Batched logging API requests must be at most " + MAX_BATCH_BYTES + " bytes");
            }
            MlflowRequest r = MlflowRequest.of(ctx);
            String runId = writableRun(caller, r, Permission.EDIT);
            List<Metric> metrics = new ArrayList<>();
            for (JsonNode m : r.array("metrics")) {
                JsonNode ts = m.get("timestamp");
                if (ts == null || ts.isNull()) {
                    throw MlflowRequest.missing("metrics.timestamp");
                }
                metrics.add(new Metric(m.path("key").asText(null), MlflowRequest.toDouble("metrics.value", m.get("value")),
                        MlflowRequest.toLong("metrics.timestamp", ts, 0), MlflowRequest.toLong("metrics.step", m.get("step"), 0)));
            }
            store.logBatch(runId, metrics, keyValues(r, "params"), keyValues(r, "tags"));
            JsonOut.json(ctx, Map.of());
        });
        route(routes, HandlerType.POST, "runs/log-inputs", ctx -> {
            Caller caller = Callers.writer(ctx);
            MlflowRequest r = MlflowRequest.of(ctx);
            String runId = writableRun(caller, r, Permission.EDIT);
            List<DatasetInput> inputs = new ArrayList<>();
            for (JsonNode in : r.array("datasets")) {
                List<KeyValue> tags = new ArrayList<>();
                in.path("tags").forEach(t -> tags.add(new KeyValue(t.path("key").asText(), t.path("value").asText(""))));
                JsonNode d = in.path("dataset");
                inputs.add(new DatasetInput(tags, new DatasetInput.Dataset(text(d, "name"), text(d, "digest"), text(d, "source_type"),
                        text(d, "source"), text(d, "schema"), text(d, "profile"))));
            }
            store.logInputs(runId, inputs);
            JsonOut.json(ctx, Map.of());
        });
        route(routes, HandlerType.GET, "metrics/get-history", ctx -> {
            MlflowRequest r = MlflowRequest.of(ctx);
            Page<Metric> page = store.metricHistory(readableRun(ctx, r), r.required("metric_key"), r.int32("max_results", 0), r.string("page_token"));
            JsonOut.json(ctx, TrackingViews.page("metrics", page.items(), page.nextPageToken()));
        });
        route(routes, HandlerType.GET, "metrics/get-history-bulk-interval", ctx -> {
            MlflowRequest r = MlflowRequest.of(ctx);
            List<String> runIds = r.strings("run_ids");
            if (runIds.size() <= TrackingStore.MAX_BULK_INTERVAL_RUNS) { // more are refused by the store, unchecked
                Caller caller = Callers.of(ctx);
                runIds.forEach(id -> access.requireRun(caller, id, Permission.READ));
            }
            var points = store.metricHistoryBulkInterval(runIds, r.required("metric_key"), r.int64("start_step"),
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
