import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Locale;
import org.chorus.core.config.ChorusConfig;
import org.chorus.server.ChorusServer;

/**
 * Charts of long metrics, and what keeping their block summaries costs log-batch. Two servers on SQLite, one keeping
 * metric_blocks (as shipped) and one without ({@code -Dchorus.bench.withoutMetricBlocks=true} at its start), receive
 * the same {@code bench.points} (1,000,000) points through runs/log-batch (1,000 a request, one client), after 30
 * warm-up requests each, 50 requests to one then 50 to the other in turns (who goes first alternating): the ratio of their times is the summaries' cost. Then, on the first server,
 * chart requests (the run page's {@code …/series?key=}, median of 30 after 5 warm-ups, in turns with the floor): the
 * whole 1,000,000-point metric beside a raw JDBC read of the summary rows it needs, a 1% zoom (10,000 points, read
 * point by point) and a 1,000-point metric beside JDBC reads of their points.
 */
public class ChartBench {
    static final int POINTS = Integer.getInteger("bench.points", 1_000_000);
    static final int BATCH = 1000;
    static final int TURN = 50;
    static final ObjectMapper JSON = new ObjectMapper();

    record Target(ChorusServer server, String base, String run) {}

    public static void main(String[] args) throws Exception {
        ChorusConfig with = BenchSupport.config("web-charts-");
        ChorusConfig without = BenchSupport.config("web-charts-");
        try (ChorusServer a = ChorusServer.start(with); ChorusServer b = startWithoutBlocks(without)) {
            Target[] targets = {target(a), target(b)};
            for (Target t : targets) { // warm-up, so that neither side pays the JIT for the other
                for (int first = 0; first < 30 * BATCH; first += BATCH) {
                    logBatch(t, "warm-up", first, BATCH);
                }
            }
            double[] seconds = new double[2];
            for (int start = 0; start < POINTS; start += TURN * BATCH) {
                for (int turn = 0; turn < 2; turn++) {
                    int k = (start / (TURN * BATCH) + turn) % 2; // who goes first alternates
                    long t0 = System.nanoTime();
                    for (int first = start; first < Math.min(POINTS, start + TURN * BATCH); first += BATCH) {
                        logBatch(targets[k], "loss", first, Math.min(BATCH, POINTS - first));
                    }
                    seconds[k] += (System.nanoTime() - t0) / 1e9;
                }
            }
            logBatch(targets[0], "short", 0, 1000);
            System.out.printf(Locale.ROOT, "machine: %d cores, load average %.1f; %,d points, %d a log-batch, one client%n%n",
                    Runtime.getRuntime().availableProcessors(), java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                    POINTS, BATCH);
            System.out.println("| log-batch | with block summaries | without | with / without |");
            System.out.println("|---|---:|---:|---:|");
            System.out.printf(Locale.ROOT, "| %,d points | %.1f s (%,.0f points/s) | %.1f s (%,.0f points/s) | %.2f× |%n%n", POINTS,
                    seconds[0], POINTS / seconds[0], seconds[1], POINTS / seconds[1], seconds[0] / seconds[1]);

            Target t = targets[0];
            String series = t.base() + "/experiments/1/runs/" + t.run() + "/series?key=";
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + BenchSupport.database(with))) {
                long runId = id(c, "SELECT id FROM runs WHERE run_uuid = ?", t.run());
                long loss = id(c, "SELECT id FROM metric_keys WHERE name = ?", "loss");
                long shortKey = id(c, "SELECT id FROM metric_keys WHERE name = ?", "short");
                System.out.println("| chart request | page | floor | page / floor | points drawn |");
                System.out.println("|---|---:|---:|---:|---:|");
                // the rows the page reads: the 1,024-step blocks, and the 64-step ones when there are under 500 of those
                row(String.format(Locale.ROOT, "%,d points, whole metric", POINTS), series + "loss", "JDBC read of its summary rows", () -> {
                    long coarse = blocks(c, runId, loss, 1024, 0, POINTS / 1024);
                    return coarse >= 500 ? coarse : coarse + blocks(c, runId, loss, 64, 0, POINTS / 64);
                });
                row("zoomed to 1% (10,000 points)", series + "loss&from=500000&to=509999", "JDBC read of its 10,000 points",
                        () -> points(c, runId, loss, 500_000, 509_999));
                row("1,000 points, whole metric", series + "short", "JDBC read of its 1,000 points",
                        () -> points(c, runId, shortKey, 0, 999));
            }
        }
    }

    static ChorusServer startWithoutBlocks(ChorusConfig config) {
        System.setProperty("chorus.bench.withoutMetricBlocks", "true");
        try {
            return ChorusServer.start(config);
        } finally {
            System.clearProperty("chorus.bench.withoutMetricBlocks");
        }
    }

    static Target target(ChorusServer server) throws Exception {
        String base = "http://127.0.0.1:" + server.port();
        String exp = field(post(base, "experiments/create", "{\"name\":\"charts\"}"), "experiment_id");
        String run = field(post(base, "runs/create", "{\"experiment_id\":\"" + exp + "\"}"), "run_id");
        if (!exp.equals("1")) {
            throw new IllegalStateException("expected experiment 1, got " + exp);
        }
        return new Target(server, base, run);
    }

    /** Points {@code first…first+n-1} of a loss-like curve with noise, one per step. */
    static void logBatch(Target t, String key, int first, int n) throws Exception {
        StringBuilder body = new StringBuilder(n * 80).append("{\"run_id\":\"").append(t.run()).append("\",\"metrics\":[");
        for (int step = first; step < first + n; step++) {
            double v = Math.exp(-step / 200_000.0) + Math.sin(step / 1000.0) * 0.05 + ((step * 7919L) % 1000) / 100_000.0;
            body.append(step == first ? "" : ",").append("{\"key\":\"").append(key).append("\",\"value\":").append(v)
                    .append(",\"timestamp\":").append(1_700_000_000_000L + step).append(",\"step\":").append(step).append('}');
        }
        post(t.base(), "runs/log-batch", body.append("]}").toString());
    }

    static String post(String base, String path, String body) throws Exception {
        HttpResponse<String> r = BenchSupport.HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/2.0/mlflow/" + path))
                .header("Authorization", "Bearer " + BenchSupport.TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    static String field(String json, String name) {
        int at = json.indexOf("\"" + name + "\"");
        int start = json.indexOf('"', json.indexOf(':', at) + 1) + 1;
        return json.substring(start, json.indexOf('"', start));
    }

    static long id(Connection c, String sql, String key) throws Exception {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, key);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    interface Floor {
        long read() throws Exception;
    }

    /** The page and its floor in turns, median of {@link BenchSupport#RUNS} each after warm-ups. */
    static void row(String name, String url, String floorName, Floor floor) throws Exception {
        int runs = BenchSupport.RUNS;
        double[][] ms = new double[2][runs];
        int drawn = 0;
        long rows = 0;
        for (int i = 0; i < BenchSupport.WARMUP + runs; i++) {
            long t0 = System.nanoTime();
            HttpResponse<String> r = BenchSupport.HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
            long t1 = System.nanoTime();
            rows = floor.read();
            long t2 = System.nanoTime();
            if (r.statusCode() != 200) {
                throw new IllegalStateException(url + " answered " + r.statusCode());
            }
            drawn = JSON.readTree(r.body()).path("steps").size();
            if (i >= BenchSupport.WARMUP) {
                ms[0][i - BenchSupport.WARMUP] = (t1 - t0) / 1e6;
                ms[1][i - BenchSupport.WARMUP] = (t2 - t1) / 1e6;
            }
        }
        double page = BenchSupport.median(ms[0]);
        double floorMs = BenchSupport.median(ms[1]);
        System.out.printf(Locale.ROOT, "| %s | %.1f ms | %.1f ms (%s, %,d rows) | %.2f× | %,d |%n", name, page, floorMs, floorName, rows,
                page / floorMs, drawn);
    }

    static long blocks(Connection c, long run, long key, int size, long first, long last) throws Exception {
        try (PreparedStatement s = c.prepareStatement("SELECT block, first_step, last_step, value_count, min_step, min_ts, min_value,"
                + " max_step, max_ts, max_value FROM metric_blocks WHERE run_id = ? AND key_id = ? AND size = ? AND block BETWEEN ? AND ? ORDER BY block")) {
            s.setLong(1, run);
            s.setLong(2, key);
            s.setInt(3, size);
            s.setLong(4, first);
            s.setLong(5, last);
            return drain(s, 10);
        }
    }

    static long points(Connection c, long run, long key, long from, long to) throws Exception {
        try (PreparedStatement s = c.prepareStatement("SELECT step, ts, value, is_nan FROM metric_points WHERE run_id = ? AND key_id = ?"
                + " AND step >= ? AND step <= ? ORDER BY step, ts")) {
            s.setLong(1, run);
            s.setLong(2, key);
            s.setLong(3, from);
            s.setLong(4, to);
            return drain(s, 4);
        }
    }

    /** Reads every column of every row, as the server must; the number of rows. */
    static long drain(PreparedStatement s, int columns) throws Exception {
        long n = 0;
        double sink = 0;
        try (ResultSet r = s.executeQuery()) {
            while (r.next()) {
                for (int col = 1; col <= columns; col++) {
                    sink += r.getDouble(col);
                }
                n++;
            }
        }
        return sink == Double.MIN_VALUE ? -n : n;
    }
}
