package org.chorus.cli;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import org.chorus.client.RunsClient;
import org.chorus.client.RunsClient.Run;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "runs", mixinStandardHelpOptions = true, description = "Lists, shows and compares experiment runs.",
        subcommands = {RunsCommand.ListRuns.class, RunsCommand.Show.class, RunsCommand.Compare.class})
final class RunsCommand {

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Runs of an experiment, filtered and ordered as in MLflow.")
    static final class ListRuns extends ClientCommand {
        @Option(names = {"-e", "--experiment"}, defaultValue = "Default", description = "Experiment name (default: ${DEFAULT-VALUE}).")
        String experiment;

        @Option(names = "--filter", description = "e.g. \"metrics.accuracy > 0.9 and params.lr = '0.01'\"")
        String filter;

        @Option(names = "--order-by", description = "e.g. \"metrics.accuracy DESC\"; repeatable.")
        List<String> orderBy;

        @Option(names = "--limit", defaultValue = "50")
        int limit;

        @Override
        public Integer call() {
            RunsClient runs = client().runs();
            List<Run> found = runs.search(List.of(runs.experimentId(experiment)), filter, orderBy, limit);
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
    static final class Show extends ClientCommand {
        @Parameters(paramLabel = "RUN_ID")
        String runId;

        @Override
        public Integer call() {
            Run r = client().runs().get(runId);
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
        @Parameters(paramLabel = "RUN_ID", arity = "2..*")
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
