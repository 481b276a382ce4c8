package org.chorus.server.web.runs;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Function;
import org.chorus.core.ChorusException;
import org.chorus.server.http.Json;
import org.chorus.server.web.Links;
import org.chorus.server.web.Pages;
import org.chorus.server.web.WebAuth;
import org.chorus.server.web.charts.ChartSeries;
import org.chorus.tracking.Caller;
import org.chorus.tracking.KeyValue;
import org.chorus.tracking.Metric;
import org.chorus.tracking.Permission;
import org.chorus.tracking.Run;
import org.chorus.tracking.StepRange;
import org.chorus.tracking.ViewType;

/**
 * The compare page of 2–100 runs of one experiment ({@code ?run=…&run=…}, the runs table's selection) and its one
 * JSON answer per metric carrying every run's series laid on a shared grid ({@link CompareGrid}), so 100 runs × 5
 * metrics is 5 requests. Every run must be READable by the caller, as runs/get asks; a run the caller may not read, or
 * of another experiment, answers as a missing one. Series are read through {@link ChartSeries#read} only.
 */
public final class CompareRunsPages {
    static final int MIN_RUNS = 2;
    static final int MAX_RUNS = 100;
    /** What a run id may hold (ours are 32 hex digits); anything else cannot name a run, and stays out of the filter. */
    private static final java.util.regex.Pattern RUN_ID = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{1,64}");
    /** Charts drawn on the page; further metrics are in the table, the scatter and the box plot. */
    static final int MAX_CHARTS = 12;
    /** Default parallel-coordinates axes: the params that differ, at most this many. */
    private static final int DEFAULT_AXES = 6;
    /** Colour-blind-safe colours for the first runs (charts.js' palette); later runs step round the hue circle. */
    private static final List<String> PALETTE = List.of("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#8C6D1F", "#000000");

    private final WebAuth auth;
    private final Tracking tracking;

    public CompareRunsPages(WebAuth auth, Tracking tracking) {
        this.auth = auth;
        this.tracking = tracking;
    }

    public void page(Context ctx) {
        Caller caller = tracking.caller(auth, ctx);
        String eid = ctx.pathParam("id");
        List<Run> runs = runs(ctx, caller, eid);
        List<CompareView.RunColumn> columns = new ArrayList<>();
        List<Map<String, Object>> data = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            var info = runs.get(i).info();
            String name = info.runName() == null || info.runName().isEmpty() ? info.runId() : info.runName();
            columns.add(new CompareView.RunColumn(info.runId(), name, Links.run(eid, info.runId()), color(i)));
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("id", info.runId());
            run.put("name", name);
            run.put("color", color(i));
            run.put("params", values(runs.get(i).params(), KeyValue::key, KeyValue::value));
            Map<String, Double> metrics = new LinkedHashMap<>();
            runs.get(i).metrics().forEach(m -> metrics.put(m.key(), Double.isFinite(m.value()) ? m.value() : null));
            run.put("metrics", metrics);
            data.add(run);
        }
        List<CompareView.Row> params = rows("params", runs, r -> values(r.params(), KeyValue::key, KeyValue::value));
        List<CompareView.Row> metrics = rows("metrics", runs, r -> values(r.metrics(), Metric::key, m -> RunsTablePages.number(m.value())));
        List<CompareView.Row> tags = rows("tags", runs, r -> values(r.tags().stream().filter(t -> !t.key().equals(RunPages.NOTE_TAG)).toList(),
                KeyValue::key, KeyValue::value));
        List<String> paramKeys = params.stream().map(CompareView.Row::key).toList();
        List<String> metricKeys = metrics.stream().map(CompareView.Row::key).toList();
        List<RunView.Chart> charts = new ArrayList<>();
        String runQuery = Links.compareRuns(runs.stream().map(r -> r.info().runId()).toList());
        for (int i = 0; i < Math.min(MAX_CHARTS, metricKeys.size()); i++) {
            String key = metricKeys.get(i);
            charts.add(new RunView.Chart(key, Links.experimentAction(eid, "compare/series?" + Links.query("key", key) + "&" + runQuery),
                    "compare-chart-" + i));
        }
        List<CompareView.Row> table = new ArrayList<>(params);
        table.addAll(metrics);
        table.addAll(tags);
        String firstParam = paramKeys.isEmpty() ? "" : paramKeys.getFirst();
        String firstMetric = metricKeys.isEmpty() ? "" : metricKeys.getFirst();
        List<String> axes = ctx.queryParams("axis").stream().filter(paramKeys::contains).distinct().toList();
        if (axes.isEmpty()) {
            axes = params.stream().filter(r -> !r.same()).map(CompareView.Row::key).limit(DEFAULT_AXES).toList();
        }
        var state = new CompareView.State(axes, choice(ctx, "pm", metricKeys, firstMetric),
                choice(ctx, "sx", prefixed(paramKeys, metricKeys), firstParam.isEmpty() ? "" : "params." + firstParam),
                choice(ctx, "sy", prefixed(paramKeys, metricKeys), firstMetric.isEmpty() ? "" : "metrics." + firstMetric),
                choice(ctx, "bm", metricKeys, firstMetric), choice(ctx, "bp", paramKeys, firstParam), "1".equals(ctx.queryParam("diff")));
        String experimentName = tracking.store().getExperiment(eid).name();
        Pages.render(ctx, "runs/compare.jte", new CompareView(auth.shell(ctx, "Compare " + runs.size() + " runs · " + experimentName), eid,
                experimentName, columns, charts, Math.max(0, metricKeys.size() - MAX_CHARTS), paramKeys, metricKeys, state, table,
                json(data), Links.experimentAction(eid, "compare")));
    }

    /**
     * One metric of every run on a shared step grid: {@code steps} once, then per run its {@code values} ({@code null}
     * where it has none), whether its series was {@code reduced}, and how many points it has.
     */
    public void series(Context ctx) {
        Caller caller = tracking.caller(auth, ctx);
        String eid = ctx.pathParam("id");
        List<String> ids = runs(ctx, caller, eid).stream().map(r -> r.info().runId()).toList();
        String key = RunsQuery.text(ctx.queryParam("key"));
        // fewer cells as runs grow: 100 runs × 400 cells keeps the answer near a megabyte and the chart quick to draw
        int cells = Math.clamp(40_000 / ids.size(), 400, 1000);
        // a run needs no more points than its two per cell, which lets long series come from their block summaries;
        // runs read side by side: on a server with cores to spare, 100 runs' series take the time of a few
        List<ChartSeries.Read> reads = ids.parallelStream().map(id -> ChartSeries.read(tracking.store(), id, key, null, null, 2 * cells)).toList();
        long lo = reads.stream().map(ChartSeries.Read::range).filter(Objects::nonNull).mapToLong(StepRange::first).min().orElse(0);
        long hi = reads.stream().map(ChartSeries.Read::range).filter(Objects::nonNull).mapToLong(StepRange::last).max().orElse(0);
        CompareGrid grid = new CompareGrid(lo, hi, cells);
        List<double[]> laid = reads.stream().map(r -> grid.lay(r.series())).toList();
        List<Integer> used = new ArrayList<>();
        for (int i = 0; i < grid.positions(); i++) {
            final int at = i;
            if (laid.stream().anyMatch(v -> !Double.isNaN(v[at]))) {
                used.add(i);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("key", key);
        out.put("steps", used.stream().map(grid::x).toList());
        List<Map<String, Object>> runs = new ArrayList<>();
        for (int r = 0; r < ids.size(); r++) {
            double[] v = laid.get(r);
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("run", ids.get(r));
            // six significant digits are more than a chart shows, and halve the answer
            run.put("values", used.stream().map(i -> Double.isNaN(v[i]) ? null : (Object) (float) v[i]).toList());
            run.put("reduced", reads.get(r).series().reduced());
            run.put("points", reads.get(r).series().pointsRead());
            runs.add(run);
        }
        out.put("runs", runs);
        RunPages.json(ctx, out);
    }

    /**
     * The URL's runs, each READable and in the URL's experiment, in the URL's order: one search of the experiment for
     * all of them (deleted ones too, as runs/get shows them) rather than a read per run. A run it does not return
     * (missing, elsewhere, or an id that is no run id) is the 404 of a missing run.
     */
    private List<Run> runs(Context ctx, Caller caller, String eid) {
        List<String> ids = runIds(ctx);
        tracking.access().requireExperiment(caller, eid, Permission.READ);
        for (String id : ids) {
            if (!RUN_ID.matcher(id).matches()) {
                throw ChorusException.notFound("Run with id=" + id + " not found");
            }
        }
        String filter = "attributes.run_id IN (" + String.join(", ", ids.stream().map(id -> "'" + id + "'").toList()) + ")";
        Map<String, Run> found = new LinkedHashMap<>();
        tracking.store().searchRuns(caller, List.of(eid), filter, ViewType.ALL, MAX_RUNS, List.of(), null).items()
                .forEach(r -> found.put(r.info().runId(), r));
        List<Run> runs = new ArrayList<>();
        for (String id : ids) {
            Run run = found.get(id);
            if (run == null) {
                throw ChorusException.notFound("Run with id=" + id + " not found");
            }
            runs.add(run);
        }
        return runs;
    }

    static List<String> runIds(Context ctx) {
        List<String> ids = ctx.queryParams("run").stream().filter(s -> !s.isBlank()).distinct().toList();
        if (ids.size() < MIN_RUNS || ids.size() > MAX_RUNS) {
            throw ChorusException.invalid("Compare " + MIN_RUNS + " to " + MAX_RUNS + " runs: " + ids.size() + " selected");
        }
        return ids;
    }

    /** A run's colour: the palette's, then golden-angle hues (distinct neighbours for up to 100 runs). */
    static String color(int index) {
        return index < PALETTE.size() ? PALETTE.get(index) : "hsl(" + Math.round((index * 137.508) % 360) + " 70% 42%)";
    }

    /** One row per key any run has, keys sorted; a run without the key shows "". */
    private static List<CompareView.Row> rows(String section, List<Run> runs, Function<Run, Map<String, String>> valuesOf) {
        List<Map<String, String>> all = runs.stream().map(valuesOf).toList();
        TreeSet<String> keys = new TreeSet<>(Comparator.naturalOrder());
        all.forEach(m -> keys.addAll(m.keySet()));
        return keys.stream().map(k -> {
            List<String> values = all.stream().map(m -> m.getOrDefault(k, "")).toList();
            return new CompareView.Row(section, k, values, values.stream().distinct().count() == 1);
        }).toList();
    }

    private static <T> Map<String, String> values(List<T> items, Function<T, String> key, Function<T, String> value) {
        Map<String, String> out = new LinkedHashMap<>();
        items.forEach(i -> out.put(key.apply(i), value.apply(i)));
        return out;
    }

    private static List<String> prefixed(List<String> params, List<String> metrics) {
        List<String> out = new ArrayList<>();
        params.forEach(p -> out.add("params." + p));
        metrics.forEach(m -> out.add("metrics." + m));
        return out;
    }

    /** The URL's choice when it names one of the options, else the default. */
    private static String choice(Context ctx, String name, List<String> options, String fallback) {
        String v = ctx.queryParam(name);
        return v != null && options.contains(v) ? v : fallback;
    }

    private static String json(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
