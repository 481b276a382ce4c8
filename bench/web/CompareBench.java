import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.chorus.core.config.ChorusConfig;
import org.chorus.server.ChorusServer;

/**
 * The compare page in Chromium (Playwright, Debian's /usr/bin/chromium): {@code bench.compare.runs} (100) runs of
 * {@code bench.steps} (10,000) steps × 5 metrics seeded in SQL (SQLite), each with 5 params. Time from navigation start
 * to the last chart drawn (compare.js' {@code chorusCompareDrawnAt}, set once every chart's uPlot is built and a frame
 * has passed), median of {@code bench.loads} (7) loads after one warm-up, beside the same page with 10 of the runs (the
 * floor, in turns with it); then the server time and size of one metric's answer (every run's series) for each.
 */
public class CompareBench {
    static final int RUNS = Integer.getInteger("bench.compare.runs", 100);
    static final int STEPS = Integer.getInteger("bench.steps", 10_000);
    static final int LOADS = Integer.getInteger("bench.loads", 7);
    static final List<String> METRICS = List.of("loss", "accuracy", "val_loss", "val_accuracy", "lr");

    public static void main(String[] args) throws Exception {
        ChorusConfig config = BenchSupport.config("web-compare-");
        ChorusServer.start(config).close();
        seed(config);
        try (ChorusServer server = ChorusServer.start(config);
             Playwright playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
             Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(Path.of("/usr/bin/chromium"))
                     .setHeadless(true).setArgs(List.of("--no-sandbox", "--disable-dev-shm-usage")))) {
            String base = "http://127.0.0.1:" + server.port() + "/experiments/1/compare";
            int[] sizes = {10, RUNS};
            String[] urls = new String[2];
            for (int k = 0; k < 2; k++) {
                urls[k] = base + "?" + IntStream.rangeClosed(1, sizes[k]).mapToObj(i -> "run=" + uuid(i)).collect(Collectors.joining("&"));
            }
            BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800));
            Page page = context.newPage();
            double[][] ms = new double[2][LOADS];
            for (int i = -1; i < LOADS; i++) {
                for (int k = 0; k < 2; k++) {
                    double t = drawn(page, urls[k]);
                    if (i >= 0) {
                        ms[k][i] = t;
                    }
                }
            }
            System.out.printf(Locale.ROOT, "machine: %d cores; %d runs × %,d steps × %d metrics (%,d points); Chromium 1280×800; median of %d loads after 1 warm-up, in turns%n%n",
                    Runtime.getRuntime().availableProcessors(), RUNS, STEPS, METRICS.size(), (long) RUNS * STEPS * METRICS.size(), LOADS, 1);
            System.out.println("| compare page | to the last chart drawn | vs 10 runs | one metric's answer (server) | its size |");
            System.out.println("|---|---:|---:|---:|---:|");
            for (int k = 0; k < 2; k++) {
                String series = urls[k].replace("/compare?", "/compare/series?key=loss&");
                BenchSupport.Timing answer = BenchSupport.timePair(series, series, 10).page();
                System.out.printf(Locale.ROOT, "| %d runs × %d charts | %.0f ms | %.2f× | %.1f ms | %,d B |%n", sizes[k], METRICS.size(),
                        BenchSupport.median(ms[k]), BenchSupport.median(ms[k]) / BenchSupport.median(ms[0]), answer.medianMs(), answer.bytes());
            }
        }
    }

    /** Loads the page and waits for its last chart; the page's own clock, from navigation start. */
    static double drawn(Page page, String url) {
        page.navigate(url);
        page.waitForSelector("section.compare[data-charts-drawn='" + METRICS.size() + "']", new Page.WaitForSelectorOptions().setTimeout(120_000));
        return ((Number) page.evaluate("window.chorusCompareDrawnAt")).doubleValue();
    }

    static String uuid(long id) {
        return String.format(Locale.ROOT, "%032x", id);
    }

    /** Experiment 1 with {@link #RUNS} runs, their params, latest metrics and every point. */
    static void seed(ChorusConfig config) throws Exception {
        long t0 = System.nanoTime();
        long now = System.currentTimeMillis();
        try (Connection c = BenchSupport.seedExperiment(config, now, METRICS)) {
            try (PreparedStatement run = c.prepareStatement("INSERT INTO runs (id, run_uuid, experiment_id, name, user_id, status, start_time,"
                    + " end_time, lifecycle_stage, artifact_uri) VALUES (?, ?, 1, ?, 'admin', 'FINISHED', ?, ?, 'active', ?)");
                 PreparedStatement latest = c.prepareStatement("INSERT INTO latest_metrics (run_id, key_id, step, ts, value, is_nan) VALUES (?, ?, ?, ?, ?, FALSE)");
                 PreparedStatement point = c.prepareStatement("INSERT INTO metric_points (run_id, key_id, step, ts, value, is_nan) VALUES (?, ?, ?, ?, ?, FALSE)");
                 PreparedStatement param = c.prepareStatement("INSERT INTO params (run_id, param_key, param_value) VALUES (?, ?, ?)")) {
                for (int i = 1; i <= RUNS; i++) {
                    run.setLong(1, i);
                    run.setString(2, uuid(i));
                    run.setString(3, "run-" + i);
                    run.setLong(4, now - 3_600_000L);
                    run.setLong(5, now);
                    run.setString(6, "mlflow-artifacts:/1/" + uuid(i) + "/artifacts");
                    run.executeUpdate();
                    String[][] params = {{"lr", String.valueOf(0.0001 * (1 + i % 10))}, {"batch_size", String.valueOf(16 << (i % 4))},
                            {"optimizer", i % 3 == 0 ? "sgd" : "adam"}, {"dropout", String.valueOf((i % 5) / 10.0)}, {"seed", String.valueOf(i)}};
                    for (String[] p : params) {
                        param.setLong(1, i);
                        param.setString(2, p[0]);
                        param.setString(3, p[1]);
                        param.addBatch();
                    }
                    for (int m = 0; m < METRICS.size(); m++) {
                        double v = 0;
                        for (int step = 0; step < STEPS; step++) {
                            v = Math.exp(-step / (2000.0 + 30 * i)) * (m + 1) + Math.sin(step / 50.0 + i) * 0.02;
                            point.setLong(1, i);
                            point.setLong(2, m + 1);
                            point.setLong(3, step);
                            point.setLong(4, now + step);
                            point.setDouble(5, v);
                            point.addBatch();
                        }
                        point.executeBatch();
                        latest.setLong(1, i);
                        latest.setLong(2, m + 1);
                        latest.setLong(3, STEPS - 1);
                        latest.setLong(4, now + STEPS - 1);
                        latest.setDouble(5, v);
                        latest.addBatch();
                    }
                }
                param.executeBatch();
                latest.executeBatch();
            }
            BenchSupport.summarizeSeededPoints(c);
            c.commit();
        }
        System.out.printf(Locale.ROOT, "seeded %d runs × %d metrics × %,d steps in SQL in %.1f s%n", RUNS, METRICS.size(), STEPS, (System.nanoTime() - t0) / 1e9);
    }
}
