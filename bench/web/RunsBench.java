import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.chorus.core.config.ChorusConfig;
import org.chorus.server.ChorusServer;

/**
 * The runs table's first page and a chart's series, over runs seeded in SQL (SQLite): one experiment of
 * {@code bench.runs.count} (100,000) runs with 10 metrics each drawn from 500 keys, 5 params and a tag, and one more run
 * whose metric has {@code bench.points} (1,000,000) points. Each page is timed beside the API call that answers the
 * same data: the runs table beside runs/search for its page (50 runs, the same filter and order), the chart's reduced
 * series beside metrics/get-history-bulk-interval (the MLflow UI's own sampled read, at most 1,000 points) and
 * metrics/get-history (every point, what a chart without reduction reads). Median of 30, in turns.
 */
public class RunsBench {
    static final int RUN_COUNT = Integer.getInteger("bench.runs.count", 100_000);
    static final int KEYS = 500;
    static final int POINTS = Integer.getInteger("bench.points", 1_000_000);

    record Case(String name, String page, String api) {}

    public static void main(String[] args) throws Exception {
        ChorusConfig config = BenchSupport.config("web-runs-");
        ChorusServer.start(config).close();
        String longRun = seed(config);
        try (ChorusServer server = ChorusServer.start(config)) {
            String base = "http://127.0.0.1:" + server.port();
            String api = base + "/api/2.0/mlflow/";
            String run = "/experiments/1/runs/" + longRun;
            List<Case> cases = List.of(
                    new Case("runs table, first page (start time)", base + "/experiments/1", api + "runs/search?experiment_ids=1&max_results=50"),
                    new Case("runs table, sorted by a metric", base + "/experiments/1?order=" + q("metrics.m7 DESC"),
                            api + "runs/search?experiment_ids=1&max_results=50&order_by=" + q("metrics.m7 DESC")),
                    new Case("runs table, filtered on a metric and a param", base + "/experiments/1?filter=" + q("metrics.m3 > 0.5 and params.p1 = 'v1'"),
                            api + "runs/search?experiment_ids=1&max_results=50&filter=" + q("metrics.m3 > 0.5 and params.p1 = 'v1'")),
                    new Case("chart: " + POINTS + " points to 2,000 (vs bulk-interval 1,000)", base + run + "/series?key=loss",
                            api + "metrics/get-history-bulk-interval?run_ids=" + longRun + "&metric_key=loss&max_results=1000"),
                    new Case("chart: " + POINTS + " points to 2,000 (vs get-history, all points)", base + run + "/series?key=loss",
                            api + "metrics/get-history?run_id=" + longRun + "&metric_key=loss"),
                    new Case("chart zoomed to 1% of the steps (full resolution)", base + run + "/series?key=loss&from=500000&to=509999",
                            api + "metrics/get-history-bulk-interval?run_ids=" + longRun + "&metric_key=loss&start_step=500000&end_step=509999&max_results=1000"));
            System.out.printf(Locale.ROOT, "machine: %d cores; %,d runs, %d metric keys, %,d points; median of %d in turns after %d warm-ups%n%n",
                    Runtime.getRuntime().availableProcessors(), RUN_COUNT, KEYS, POINTS, BenchSupport.RUNS, BenchSupport.WARMUP);
            System.out.println("| case | page | API | page / API | page size |");
            System.out.println("|---|---:|---:|---:|---:|");
            for (Case c : cases) {
                if (!BenchSupport.selected(c.name())) {
                    continue;
                }
                BenchSupport.Pair p = BenchSupport.timePair(c.page(), c.api(), c.name().contains("get-history,") ? 5 : BenchSupport.RUNS);
                System.out.printf(Locale.ROOT, "| %s | %.1f ms | %.1f ms | %.2f× | %,d B |%n", c.name(), p.page().medianMs(), p.api().medianMs(),
                        p.page().medianMs() / p.api().medianMs(), p.page().bytes());
            }
        }
    }

    static String q(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Experiment 1 with its runs, their latest metrics, params and tags, and the long run's points; returns its id. */
    static String seed(ChorusConfig config) throws Exception {
        long t0 = System.nanoTime();
        long now = System.currentTimeMillis();
        List<String> keys = new ArrayList<>(IntStream.range(0, KEYS).mapToObj(i -> "m" + i).toList());
        keys.add("loss");
        try (Connection c = BenchSupport.seedExperiment(config, now, keys)) {
            try (PreparedStatement run = c.prepareStatement("INSERT INTO runs (id, run_uuid, experiment_id, name, user_id, status, start_time,"
                    + " end_time, lifecycle_stage, artifact_uri) VALUES (?, ?, 1, ?, 'admin', 'FINISHED', ?, ?, 'active', ?)");
                 PreparedStatement metric = c.prepareStatement("INSERT INTO latest_metrics (run_id, key_id, step, ts, value, is_nan) VALUES (?, ?, 100, ?, ?, FALSE)");
                 PreparedStatement param = c.prepareStatement("INSERT INTO params (run_id, param_key, param_value) VALUES (?, ?, ?)");
                 PreparedStatement tag = c.prepareStatement("INSERT INTO run_tags (run_id, tag_key, tag_value) VALUES (?, ?, ?)")) {
                for (int i = 0; i <= RUN_COUNT; i++) {
                    long id = i + 1;
                    String uuid = String.format(Locale.ROOT, "%032x", id);
                    run.setLong(1, id);
                    run.setString(2, uuid);
                    run.setString(3, "run-" + i);
                    run.setLong(4, now - (RUN_COUNT - i) * 1000L);
                    run.setLong(5, now - (RUN_COUNT - i) * 1000L + 600_000);
                    run.setString(6, "mlflow-artifacts:/1/" + uuid + "/artifacts");
                    run.addBatch();
                    for (int m = 0; m < 10; m++) {
                        metric.setLong(1, id);
                        metric.setLong(2, (i * 7L + m * 50L) % KEYS + 1);
                        metric.setLong(3, now);
                        metric.setDouble(4, ((i * 7919L + m * 104729L) % 10_000) / 10_000.0);
                        metric.addBatch();
                    }
                    for (int p = 0; p < 5; p++) {
                        param.setLong(1, id);
                        param.setString(2, "p" + p);
                        param.setString(3, "v" + ((i + p) % 7));
                        param.addBatch();
                    }
                    tag.setLong(1, id);
                    tag.setString(2, "mlflow.runName");
                    tag.setString(3, "run-" + i);
                    tag.addBatch();
                    if (i % 5000 == 4999) {
                        run.executeBatch();
                        metric.executeBatch();
                        param.executeBatch();
                        tag.executeBatch();
                    }
                }
                run.executeBatch();
                metric.executeBatch();
                param.executeBatch();
                tag.executeBatch();
            }
            long longRun = RUN_COUNT + 1L; // the last run seeded holds the long metric
            try (PreparedStatement point = c.prepareStatement("INSERT INTO metric_points (run_id, key_id, step, ts, value, is_nan) VALUES (?, ?, ?, ?, ?, FALSE)")) {
                for (int step = 0; step < POINTS; step++) {
                    point.setLong(1, longRun);
                    point.setLong(2, KEYS + 1);
                    point.setLong(3, step);
                    point.setLong(4, now + step);
                    point.setDouble(5, Math.exp(-step / 200_000.0) + Math.sin(step / 1000.0) * 0.05);
                    point.addBatch();
                    if (step % 10_000 == 9_999) {
                        point.executeBatch();
                    }
                }
                point.executeBatch();
            }
            BenchSupport.summarizeSeededPoints(c);
            c.commit();
            System.out.printf(Locale.ROOT, "seeded %,d runs and %,d points in SQL in %.1f s%n", RUN_COUNT + 1, POINTS, (System.nanoTime() - t0) / 1e9);
            return String.format(Locale.ROOT, "%032x", longRun);
        }
    }
}
