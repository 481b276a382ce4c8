package org.chorus.cli;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import org.chorus.client.ChorusClientException;
import org.chorus.client.RunsClient;
import org.chorus.client.RunsClient.Run;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "runs", mixinStandardHelpOptions = true, description = "Lists, shows, compares, logs, deletes and restores experiment runs.",
        subcommands = {RunsCommand.ListRuns.class, RunsCommand.Show.class, RunsCommand.Compare.class, RunsCommand.Log.class,
                RunsCommand.Delete.class, RunsCommand.Restore.class})
final class RunsCommand {

    /** The experiment a runs command works in. */
    static final class ExperimentOption {
        @Option(names = {"-e", "--experiment"}, defaultValue = "Default", description = "Experiment name (default: ${DEFAULT-VALUE}).")
        String name;

        String id(RunsClient runs) {
            return existing(runs, name);
        }
    }

    /** The id of the experiment {@code name}; a missing one is named with the commands that make it. */
    static String existing(RunsClient runs, String name) {
        try {
            return runs.experimentId(name);
        } catch (ChorusClientException e) {
            if (e.status() != 404) {
                throw e;
            }
            throw new IllegalArgumentException("no experiment '" + name + "': create it with chorus experiments create " + name
                    + ", or log a run into it with chorus runs log -e " + name);
        }
    }

    /** A command on one run, named by its id. */
    abstract static class OnRun extends ClientCommand {
        @Parameters(paramLabel = "RUN_ID", description = "The run's id, as runs list shows it.")
        String runId;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Runs of an experiment, filtered and ordered as in MLflow.")
    static final class ListRuns extends ClientCommand {
        @Mixin
        JsonOutput output;

        @Mixin
        ExperimentOption experiment;

        @Option(names = "--filter", description = "e.g. \"metrics.accuracy > 0.9 and params.lr = '0.01'\"")
        String filter;

        @Option(names = "--order-by", description = "e.g. \"metrics.accuracy DESC\"; repeatable.")
        List<String> orderBy;

        @Option(names = "--limit", defaultValue = "50", description = "At most this many runs (default: ${DEFAULT-VALUE}).")
        int limit;

        @Override
        public Integer call() {
            RunsClient runs = client().runs();
            List<Run> found = runs.search(List.of(experiment.id(runs)), filter, orderBy, limit);
            if (output.json) {
                return JsonOutput.print(context.out(), found);
            }
            TreeSet<String> metricKeys = new TreeSet<>();
            found.forEach(r -> metricKeys.addAll(r.metrics().keySet()));
            List<String> shown = new ArrayList<>(metricKeys).subList(0, Math.min(4, metricKeys.size()));
            StringBuilder header = new StringBuilder(String.format("%-32s  %-20s  %-9s  %-20s", "RUN", "NAME", "STATUS", "STARTED"));
            shown.forEach(k -> header.append(String.format("  %14s", clip(k, 14))));
            context.out().println(header);
            for (Run r : found) {
                StringBuilder line = new StringBuilder(String.format("%-32s  %-20s  %-9s  %-20s", r.id(), clip(r.name(), 20), r.status(),
                        Instant.ofEpochMilli(r.startTime()).toString().substring(0, 19)));
                shown.forEach(k -> line.append(String.format("  %14s", format(r.metrics().get(k)))));
                context.out().println(line);
            }
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "One run: status, params, latest metrics and tags.")
    static final class Show extends OnRun {
        @Mixin
        JsonOutput output;

        @Override
        public Integer call() {
            Run r = client().runs().get(runId);
            if (output.json) {
                return JsonOutput.print(context.out(), r);
            }
            context.out().println("run " + r.id() + "  " + r.name() + "  " + r.status() + "  experiment " + r.experimentId());
            section("params", r.params(), v -> v);
            section("metrics", r.metrics(), RunsCommand::format);
            section("tags", r.tags(), v -> v);
            return 0;
        }

        private <V> void section(String title, Map<String, V> values, Function<V, String> show) {
            context.out().println(title + ":");
            values.forEach((k, v) -> context.out().println("  " + k + " = " + show.apply(v)));
        }
    }

    @Command(name = "compare", mixinStandardHelpOptions = true, description = "Params and metrics of several runs side by side; '*' marks keys that differ.")
    static final class Compare extends ClientCommand {
        @Parameters(paramLabel = "RUN_ID", arity = "2..*", description = "Two or more run ids.")
        List<String> runIds;

        @Override
        public Integer call() {
            RunsClient client = client().runs();
            List<Run> runs = runIds.stream().map(client::get).toList();
            StringBuilder header = new StringBuilder(String.format("  %-30s", "KEY"));
            runs.forEach(r -> header.append(String.format("  %-18s", clip(r.name() != null ? r.name() : r.id(), 18))));
            context.out().println(header);
            table(runs, "params.", Run::params, v -> v);
            table(runs, "metrics.", Run::metrics, RunsCommand::format);
            return 0;
        }

        private <V> void table(List<Run> runs, String prefix, Function<Run, Map<String, V>> values, Function<V, String> show) {
            TreeSet<String> keys = new TreeSet<>();
            runs.forEach(r -> keys.addAll(values.apply(r).keySet()));
            for (String k : keys) {
                List<String> cells = runs.stream().map(r -> {
                    V v = values.apply(r).get(k);
                    return v == null ? "-" : show.apply(v);
                }).toList();
                boolean differs = cells.stream().distinct().count() > 1;
                StringBuilder line = new StringBuilder((differs ? "* " : "  ") + String.format("%-30s", clip(prefix + k, 30)));
                cells.forEach(c -> line.append(String.format("  %-18s", clip(c, 18))));
                context.out().println(line);
            }
        }
    }

    @Command(name = "log", mixinStandardHelpOptions = true,
            description = {"Logs a finished run — params, metrics and tags from the command line or a JSON file — and prints its id.",
                    "The experiment is created when it does not exist yet."})
    static final class Log extends ClientCommand {
        @Mixin
        ExperimentOption experiment;

        @Option(names = "--name", description = "The run's name (default: one the server picks).")
        String name;

        @Option(names = "--param", paramLabel = "KEY=VALUE", description = "A parameter; repeatable.")
        Map<String, String> params = new LinkedHashMap<>();

        @Option(names = "--metric", paramLabel = "KEY=NUMBER", description = "A metric's value; repeatable.")
        Map<String, Double> metrics = new LinkedHashMap<>();

        @Option(names = "--tag", paramLabel = "KEY=VALUE", description = "A tag; repeatable.")
        Map<String, String> tags = new LinkedHashMap<>();

        @Option(names = "--from-json", paramLabel = "FILE",
                description = "{\"params\": {...}, \"metrics\": {...}, \"tags\": {...}}; options given as well win.")
        Path json;

        @Override
        public Integer call() throws IOException {
            Map<String, String> p = new LinkedHashMap<>();
            Map<String, Double> m = new LinkedHashMap<>();
            Map<String, String> t = new LinkedHashMap<>();
            if (json != null) {
                Map<String, Object> file = JSON.std.mapFrom(Files.readString(json));
                strings(file.get("params"), "params", p);
                numbers(file.get("metrics"), m);
                strings(file.get("tags"), "tags", t);
            }
            p.putAll(params);
            m.putAll(metrics);
            t.putAll(tags);
            RunsClient runs = client().runs();
            String experimentId = runs.experimentIdOrCreate(experiment.name,
                    id -> context.err().println("Created experiment " + experiment.name + " (id " + id + ")"));
            String runId = runs.logRun(experimentId, name, p, m, t);
            context.out().println(runId);
            return 0;
        }

        private void strings(Object section, String what, Map<String, String> into) {
            section(section, what).forEach((k, v) -> into.put(k, String.valueOf(v)));
        }

        private void numbers(Object section, Map<String, Double> into) {
            section(section, "metrics").forEach((k, v) -> {
                if (!(v instanceof Number n)) {
                    throw new IllegalArgumentException(json + ": metric '" + k + "' is not a number: " + v);
                }
                into.put(k, n.doubleValue());
            });
        }

        private Map<String, Object> section(Object section, String what) {
            if (section == null) {
                return Map.of();
            }
            if (!(section instanceof Map<?, ?> map)) {
                throw new IllegalArgumentException(json + ": \"" + what + "\" must be an object of key: value");
            }
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), v));
            return out;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Deletes a run as MLflow does: it leaves the lists and searches, and runs restore brings it back.")
    static final class Delete extends OnRun {
        @Override
        public Integer call() {
            client().runs().deleteRun(runId);
            context.out().println("Deleted run " + runId + " (chorus runs restore " + runId + " brings it back)");
            return 0;
        }
    }

    @Command(name = "restore", mixinStandardHelpOptions = true, description = "Brings back a deleted run.")
    static final class Restore extends OnRun {
        @Override
        public Integer call() {
            client().runs().restoreRun(runId);
            context.out().println("Restored run " + runId);
            return 0;
        }
    }

    static String format(Double v) {
        if (v == null) {
            return "-";
        }
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf(v.longValue()) : String.format("%.6g", v);
    }

    static String clip(String s, int width) {
        if (s == null) {
            return "";
        }
        return s.length() <= width ? s : s.substring(0, width - 1) + "…";
    }
}
