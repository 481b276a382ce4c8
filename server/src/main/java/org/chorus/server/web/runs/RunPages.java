package org.chorus.server.web.runs;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chorus.core.ChorusException;
import org.chorus.server.http.Json;
import org.chorus.server.web.Links;
import org.chorus.server.web.Markdown;
import org.chorus.server.web.Pages;
import org.chorus.server.web.WebAuth;
import org.chorus.server.web.charts.ChartSeries;
import org.chorus.server.web.charts.MinMaxBuckets;
import org.chorus.server.web.registry.Registrations;
import org.chorus.tracking.Caller;
import org.chorus.tracking.KeyValue;
import org.chorus.tracking.Permission;
import org.chorus.tracking.Run;
import org.chorus.tracking.RunStatus;
import org.chorus.tracking.StepRange;

/**
 * A run's page, its note, and the two JSON answers its script reads: a metric's series reduced on the server to at
 * most {@value MinMaxBuckets#DEFAULT_POINTS} points (min/max buckets; {@code from}/{@code to} steps for a zoomed
 * range), and the live state (status and latest values) polled while the run is RUNNING. Every answer first checks
 * READ on the run, as the API's runs/get and metrics/get-history do; the note needs EDIT, as runs/set-tag.
 */
public final class RunPages {
    static final String NOTE_TAG = "mlflow.note.content";
    /** Tags shown under Source rather than among the tags. */
    private static final List<String> SOURCE_TAGS = List.of("mlflow.source.name", "mlflow.source.type", "mlflow.source.git.commit",
            "mlflow.source.git.branch", "mlflow.source.git.repoURL", "mlflow.parentRunId");
    /** Charts drawn on the page; a run with more metric keys lists them all in the table and charts the first ones. */
    static final int MAX_CHARTS = 60;

    private final WebAuth auth;
    private final Tracking tracking;
    private final ArtifactPages artifacts;
    private final Registrations registrations;

    public RunPages(WebAuth auth, Tracking tracking, ArtifactPages artifacts, Registrations registrations) {
        this.auth = auth;
        this.tracking = tracking;
        this.artifacts = artifacts;
        this.registrations = registrations;
    }

    public void show(Context ctx) {
        Caller caller = tracking.caller(auth, ctx);
        Run run = tracking.run(ctx, caller, Permission.READ);
        var info = run.info();
        String eid = info.experimentId();
        Map<String, String> tags = new LinkedHashMap<>();
        run.tags().forEach(t -> tags.put(t.key(), t.value()));
        List<RunView.KeyValue> source = new ArrayList<>();
        SOURCE_TAGS.stream().filter(tags::containsKey).forEach(k -> source.add(new RunView.KeyValue(k.substring(k.lastIndexOf('.') + 1), tags.get(k))));
        List<RunView.KeyValue> otherTags = run.tags().stream().filter(t -> !SOURCE_TAGS.contains(t.key()) && !t.key().equals(NOTE_TAG))
                .sorted(Comparator.comparing(KeyValue::key)).map(t -> new RunView.KeyValue(t.key(), t.value())).toList();
        List<RunView.KeyValue> params = run.params().stream().sorted(Comparator.comparing(KeyValue::key))
                .map(p -> new RunView.KeyValue(p.key(), p.value())).toList();
        var metrics = run.metrics().stream().sorted(Comparator.comparing(org.chorus.tracking.Metric::key)).toList();
        List<RunView.MetricRow> metricRows = metrics.stream().map(m -> new RunView.MetricRow(m.key(), RunsTablePages.number(m.value()),
                Double.toString(m.value()), m.step())).toList();
        List<RunView.Chart> charts = new ArrayList<>();
        for (int i = 0; i < Math.min(MAX_CHARTS, metrics.size()); i++) {
            String key = metrics.get(i).key();
            charts.add(new RunView.Chart(key, Links.runPart(eid, info.runId(), "series?" + Links.query("key", key)), "chart-" + i));
        }
        String note = tags.getOrDefault(NOTE_TAG, "");
        String experimentName = tracking.store().getExperiment(eid).name();
        Pages.render(ctx, "runs/run.jte", new RunView(auth.shell(ctx, info.runName() + " · " + experimentName), eid, experimentName,
                info.runId(), info.runName(), info.status().name(), info.startTime(), info.endTime(),
                RunsTablePages.duration(info.startTime(), info.endTime()), info.userId(), source, params, metricRows, otherTags,
                note.isEmpty() ? "" : Markdown.toSafeHtml(note), note, Links.runPart(eid, info.runId(), "note"), auth.principal(ctx).isPresent(),
                charts, Math.max(0, metrics.size() - MAX_CHARTS), Links.runPart(eid, info.runId(), "live"),
                info.status() == RunStatus.RUNNING, artifacts.rootListing(caller, run), registrations.ofRun(caller, info.runId())));
    }

    /** Saves the note as the {@value NOTE_TAG} tag, as MLflow's UI does. */
    public void note(Context ctx) {
        Caller caller = tracking.writer(auth, ctx);
        Run run = tracking.run(ctx, caller, Permission.EDIT);
        String note = RunsQuery.text(ctx.formParam("note"));
        tracking.store().setTag(run.info().runId(), NOTE_TAG, note);
        ctx.redirect(Links.run(run.info().experimentId(), run.info().runId()), HttpStatus.SEE_OTHER);
    }

    /** One metric's series: {@code steps}, {@code timestamps}, {@code values} (reduced when longer than the limit). */
    public void series(Context ctx) {
        Caller caller = tracking.caller(auth, ctx);
        String runId = ctx.pathParam("run");
        tracking.access().requireRun(caller, runId, Permission.READ);
        String key = RunsQuery.text(ctx.queryParam("key"));
        ChartSeries.Read read = ChartSeries.read(tracking.store(), runId, key, step(ctx, "from"), step(ctx, "to"));
        MinMaxBuckets.Series s = read.series();
        StepRange range = read.range();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("key", key);
        out.put("steps", s.xs());
        out.put("timestamps", s.timestamps());
        out.put("values", s.ys());
        out.put("reduced", s.reduced());
        out.put("points", s.pointsRead());
        out.put("first_step", range == null ? null : range.first());
        out.put("last_step", range == null ? null : range.last());
        json(ctx, out);
    }

    /** The run's status and latest metric values, for the page's poll while it runs. */
    public void live(Context ctx) {
        Run run = tracking.run(ctx, tracking.caller(auth, ctx), Permission.READ);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", run.info().status().name());
        out.put("end_time", run.info().endTime());
        List<Map<String, Object>> metrics = new ArrayList<>();
        for (var m : run.metrics()) {
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("key", m.key());
            point.put("step", m.step());
            point.put("timestamp", m.timestamp());
            point.put("value", Double.isNaN(m.value()) ? null : m.value());
            metrics.add(point);
        }
        out.put("metrics", metrics);
        json(ctx, out);
    }

    private static Long step(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw ChorusException.invalid(name + " must be a step (an integer)");
        }
    }

    static void json(Context ctx, Object body) {
        try {
            ctx.header("Cache-Control", "no-store");
            ctx.contentType("application/json").result(Json.MAPPER.writeValueAsBytes(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

}
