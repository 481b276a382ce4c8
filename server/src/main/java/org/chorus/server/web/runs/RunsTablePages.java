package org.chorus.server.web.runs;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.server.http.ErrorResponses;
import org.chorus.server.web.Links;
import org.chorus.server.web.Pages;
import org.chorus.server.web.WebAuth;
import org.chorus.tracking.Caller;
import org.chorus.tracking.Experiment;
import org.chorus.tracking.KeyValue;
import org.chorus.tracking.LifecycleStage;
import org.chorus.tracking.Metric;
import org.chorus.tracking.Page;
import org.chorus.tracking.Permission;
import org.chorus.tracking.Run;
import org.chorus.tracking.ViewType;

/**
 * An experiment's runs table: paged, sorted and filtered on the server by the API's own search (the filter language,
 * its parser and its errors are search-runs'), columns chosen among the keys of the page's runs (so a run with 12,000
 * metric keys costs a column only once chosen), grouping, and bulk tag, delete and restore with the API's checks.
 */
public final class RunsTablePages {
    static final int PAGE_SIZE = 50;
    private static final int DEFAULT_COLUMNS = 5;
    private static final int CHOICES_PER_KIND = 50;
    private static final Pattern POSITION = Pattern.compile("at position (\\d+)");

    private final WebAuth auth;
    private final Tracking tracking;

    public RunsTablePages(WebAuth auth, Tracking tracking) {
        this.auth = auth;
        this.tracking = tracking;
    }

    public void table(Context ctx) {
        render(ctx, "runs/runs.jte");
    }

    /** The column chooser's list alone, for htmx as the search box changes. */
    public void columns(Context ctx) {
        render(ctx, "runs/columnChoices.jte");
    }

    private void render(Context ctx, String template) {
        Caller caller = tracking.caller(auth, ctx);
        String id = ctx.pathParam("id");
        tracking.access().requireExperiment(caller, id, Permission.READ);
        Experiment experiment = tracking.store().getExperiment(id);
        RunsQuery q = RunsQuery.of(ctx);
        List<Run> runs = List.of();
        String next = null;
        String error = null;
        int position = -1;
        int status = 200;
        try {
            Page<Run> page = tracking.store().searchRuns(caller, List.of(id), q.filter(), viewType(q.view()), PAGE_SIZE,
                    q.order().isEmpty() ? List.of() : List.of(q.order()), q.page().isEmpty() ? null : q.page());
            runs = page.items();
            next = page.nextPageToken() == null ? null : Links.experiment(id, q.withPage(page.nextPageToken()).query());
        } catch (ChorusException e) {
            if (e.code() != ErrorCode.INVALID_ARGUMENT) {
                throw e;
            }
            error = e.getMessage();
            Matcher m = POSITION.matcher(error);
            position = m.find() && error.contains("Invalid filter") ? Integer.parseInt(m.group(1)) : -1;
            status = ErrorResponses.status(e.code());
        }
        List<Column> columns = (q.columns().isEmpty() ? defaultColumns(runs) : q.columns()).stream().map(Column::parse).toList();
        List<RunsTableView.Header> headers = columns.stream().map(c -> header(id, q, c)).toList();
        List<RunsTableView.Row> rows = runs.stream().map(r -> row(r, columns)).toList();
        String first = q.page().isEmpty() ? null : Links.experiment(id, q.withPage("").query());
        Pages.render(ctx, status, template, new RunsTableView(auth.shell(ctx, experiment.name() + " · runs"), id, experiment.name(),
                experiment.lifecycleStage() == LifecycleStage.DELETED, q, q.query(), error, position, headers, rows, next, first,
                choices(runs, q, columns), groups(runs, q), keys(runs, "params", "tags"), keys(runs, "metrics"),
                auth.principal(ctx).isPresent()));
    }

    /**
     * Bulk changes to the runs checked in the table: {@code op} delete and restore need MANAGE on each run, tag needs
     * EDIT (the API's runs/delete, runs/restore and runs/set-tag checks); every run is checked before any changes.
     */
    public void bulk(Context ctx) {
        String id = ctx.pathParam("id");
        String op = RunsQuery.text(ctx.formParam("op"));
        List<String> runIds = ctx.formParams("run").stream().distinct().limit(PAGE_SIZE * 4L).toList();
        if (op.equals("compare")) {
            // a read: the compare page checks every run; the selection only travels there
            ctx.redirect(Links.compare(id, runIds), HttpStatus.SEE_OTHER);
            return;
        }
        Caller caller = tracking.writer(auth, ctx);
        Permission needed = switch (op) {
            case "delete", "restore" -> Permission.MANAGE;
            case "tag" -> Permission.EDIT;
            default -> throw ChorusException.invalid("op must be compare, delete, restore or tag");
        };
        for (String runId : runIds) {
            tracking.access().requireRun(caller, runId, needed);
            if (!tracking.store().getRun(runId).info().experimentId().equals(id)) {
                throw ChorusException.notFound("Run with id=" + runId + " not found");
            }
        }
        for (String runId : runIds) {
            switch (op) {
                case "delete" -> tracking.store().deleteRun(runId);
                case "restore" -> tracking.store().restoreRun(runId);
                default -> tracking.store().setTag(runId, RunsQuery.text(ctx.formParam("key")), RunsQuery.text(ctx.formParam("value")));
            }
        }
        String back = RunsQuery.text(ctx.formParam("state"));
        // the state is our own query string (URL-encoded parts): anything else is dropped, never followed
        ctx.redirect(Links.experiment(id, back.matches("[A-Za-z0-9%&=._*+-]*") ? back : ""), HttpStatus.SEE_OTHER);
    }

    static ViewType viewType(String view) {
        return switch (view) {
            case "deleted" -> ViewType.DELETED_ONLY;
            case "all" -> ViewType.ALL;
            default -> ViewType.ACTIVE_ONLY;
        };
    }

    /** The first metric and param keys of the page's runs, when the URL chooses none. */
    private static List<String> defaultColumns(List<Run> runs) {
        List<String> out = new ArrayList<>();
        out.addAll(keys(runs, "metrics").stream().limit(DEFAULT_COLUMNS).toList());
        out.addAll(keys(runs, "params").stream().limit(DEFAULT_COLUMNS).toList());
        return out;
    }

    /** The sorted keys ({@code metrics.acc}) of the given kinds among the runs. */
    static List<String> keys(List<Run> runs, String... entities) {
        TreeSet<String> out = new TreeSet<>();
        for (Run r : runs) {
            for (String entity : entities) {
                switch (entity) {
                    case "metrics" -> r.metrics().forEach(m -> out.add("metrics." + m.key()));
                    case "params" -> r.params().forEach(p -> out.add("params." + p.key()));
                    default -> r.tags().forEach(t -> out.add("tags." + t.key()));
                }
            }
        }
        return List.copyOf(out);
    }

    private static RunsTableView.Header header(String experimentId, RunsQuery q, Column c) {
        String asc = c.orderBy(true);
        String desc = c.orderBy(false);
        String sort = q.order().equals(asc) ? "asc" : q.order().equals(desc) ? "desc" : "";
        String href = asc == null ? null : Links.experiment(experimentId, q.withOrder(sort.equals("desc") ? asc : desc).query());
        return new RunsTableView.Header(c.id(), c.key(), c.entity(), href, sort);
    }

    private static RunsTableView.Row row(Run r, List<Column> columns) {
        Map<String, String> values = values(r);
        List<RunsTableView.Cell> cells = columns.stream().map(c -> {
            String v = values.get(c.id());
            if (v == null) {
                return new RunsTableView.Cell("", "", false);
            }
            return c.entity().equals("metrics") ? new RunsTableView.Cell(number(Double.parseDouble(v)), v, true)
                    : new RunsTableView.Cell(v, v, false);
        }).toList();
        var info = r.info();
        return new RunsTableView.Row(info.runId(), info.runName(), Links.run(info.experimentId(), info.runId()), info.status().name(),
                info.startTime(), duration(info.startTime(), info.endTime()), info.userId(), cells,
                info.lifecycleStage() == LifecycleStage.DELETED);
    }

    private static Map<String, String> values(Run r) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Metric m : r.metrics()) {
            out.put("metrics." + m.key(), Double.toString(m.value()));
        }
        for (KeyValue p : r.params()) {
            out.put("params." + p.key(), p.value());
        }
        for (KeyValue t : r.tags()) {
            out.put("tags." + t.key(), t.value());
        }
        return out;
    }

    /** Four significant digits, right-aligned in the table; the exact value goes in {@code title}. */
    static String number(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.toString(v);
        }
        double abs = Math.abs(v);
        return abs != 0 && (abs >= 1e6 || abs < 1e-3) ? String.format(Locale.ROOT, "%.3e", v)
                : new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    }

    /** "3m 12s"; a running run's duration is left empty (it changes while the page is open). */
    static String duration(long start, Long end) {
        if (end == null) {
            return "";
        }
        Duration d = Duration.ofMillis(Math.max(0, end - start));
        if (d.toHours() > 0) {
            return d.toHours() + "h " + d.toMinutesPart() + "m";
        }
        if (d.toMinutes() > 0) {
            return d.toMinutes() + "m " + d.toSecondsPart() + "s";
        }
        return d.toSeconds() + "." + (d.toMillisPart() / 100) + "s";
    }

    /** The chosen columns first, then keys of the page's runs containing the search text (at most 50 of each kind). */
    private static List<RunsTableView.Choice> choices(List<Run> runs, RunsQuery q, List<Column> chosen) {
        List<RunsTableView.Choice> out = new ArrayList<>();
        List<String> chosenIds = chosen.stream().map(Column::id).toList();
        chosen.forEach(c -> out.add(new RunsTableView.Choice(c.id(), c.entity(), c.key(), true)));
        String needle = q.columnSearch().toLowerCase(Locale.ROOT);
        for (String entity : Column.ENTITIES) {
            keys(runs, entity).stream().filter(k -> !chosenIds.contains(k))
                    .filter(k -> k.substring(entity.length() + 1).toLowerCase(Locale.ROOT).contains(needle))
                    .limit(CHOICES_PER_KIND).map(Column::parse)
                    .forEach(c -> out.add(new RunsTableView.Choice(c.id(), c.entity(), c.key(), false)));
        }
        return out;
    }

    /** Group rows over this page's runs: runs without the group key fall in "(none)"; runs without the metric count but add no value. */
    private static RunsTableView.Groups groups(List<Run> runs, RunsQuery q) {
        if (q.group().isEmpty()) {
            return null;
        }
        Map<String, List<Double>> byValue = new LinkedHashMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Run r : runs) {
            Map<String, String> values = values(r);
            String value = values.getOrDefault(q.group(), "(none)");
            counts.merge(value, 1, Integer::sum);
            List<Double> xs = byValue.computeIfAbsent(value, v -> new ArrayList<>());
            String metric = values.get("metrics." + q.aggregate());
            if (metric != null && !Double.isNaN(Double.parseDouble(metric))) {
                xs.add(Double.parseDouble(metric));
            }
        }
        List<RunsTableView.Group> rows = new ArrayList<>();
        byValue.forEach((value, xs) -> {
            var stats = xs.stream().mapToDouble(Double::doubleValue).summaryStatistics();
            boolean none = xs.isEmpty();
            rows.add(new RunsTableView.Group(value, counts.get(value), none ? "" : number(stats.getMin()), none ? "" : number(stats.getMax()),
                    none ? "" : number(stats.getAverage())));
        });
        return new RunsTableView.Groups(q.group(), q.aggregate(), rows);
    }
}
