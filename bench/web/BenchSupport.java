import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.chorus.core.config.ChorusConfig;

/**
 * What both web benchmarks share (WebBench: repository pages, ListBench: the model list): the server's configuration,
 * the 100,000 repositories seeded straight into SQL, and medians of timed requests.
 */
final class BenchSupport {
    static final String TOKEN = "hf_benchAdminToken0123456789";
    static final int REPOS = Integer.getInteger("bench.repos", 100_000);
    static final int WARMUP = Integer.getInteger("bench.warmup", 5);
    /** Timed requests per row; {@code -Dbench.runs=2000} with {@code -Dbench.only=…} makes one row long enough to profile. */
    static final int RUNS = Integer.getInteger("bench.runs", 30);
    static final HttpClient HTTP = HttpClient.newHttpClient();

    private BenchSupport() {}

    /** A fresh data folder under bench/out (run.sh removes it) and a server configuration on SQLite, any free port. */
    static ChorusConfig config(String prefix) throws Exception {
        Files.createDirectories(Path.of("bench/out"));
        Path work = Files.createTempDirectory(Path.of("bench/out"), prefix);
        return ChorusConfig.builder().host("127.0.0.1").port(0).dataDir(work.resolve("data")).federatedPort(-1)
                .bootstrapToken(TOKEN).build();
    }

    static Path database(ChorusConfig config) {
        return config.dataDir().resolve("chorus.db");
    }

    /**
     * {@link #REPOS} rows of hub_repos owned by admin in one transaction, as the service writes them: 80% models, 10%
     * private; tags hold task, library, licence and language; the card data holds licence and language.
     */
    static void seedRepositories(Path db) throws Exception {
        long t0 = System.nanoTime();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout = 30000");
            }
            c.setAutoCommit(false);
            String owner;
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT id FROM accounts WHERE name = 'admin'")) {
                r.next();
                owner = r.getString(1);
            }
            long now = System.currentTimeMillis();
            String[] tasks = {"text-classification", "text-generation", "image-classification", "translation"};
            String[] licenses = {"mit", "apache-2.0", "cc-by-4.0", "other"};
            String[] languages = {"en", "fr", "de", "ja", "sw"};
            try (PreparedStatement p = c.prepareStatement("INSERT INTO hub_repos (id, kind, owner_id, name, full_name, name_key, private,"
                    + " created_at, last_modified, downloads, likes, pipeline_tag, library_name, tags, card_data, trending_score, downloads_30d)"
                    + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
                for (int i = 0; i < REPOS; i++) {
                    String kind = i % 5 == 4 ? "dataset" : "model";
                    String name = "seed-" + i;
                    String task = tasks[i % tasks.length];
                    String license = licenses[i % licenses.length];
                    String language = languages[i % languages.length];
                    p.setString(1, String.format(Locale.ROOT, "bench%019d", i));
                    p.setString(2, kind);
                    p.setString(3, owner);
                    p.setString(4, name);
                    p.setString(5, "admin/" + name);
                    p.setString(6, kind + ":admin/" + name);
                    p.setBoolean(7, i % 10 == 9);
                    p.setLong(8, now - i * 60_000L);
                    p.setLong(9, now - i * 30_000L);
                    p.setLong(10, (i * 7919L) % 100_000);
                    p.setLong(11, (i * 31L) % 500);
                    p.setString(12, task);
                    p.setString(13, "transformers");
                    p.setString(14, "\t" + task + "\ttransformers\tlicense:" + license + "\t" + language + "\t");
                    p.setString(15, "{\"license\":\"" + license + "\",\"language\":[\"" + language + "\"]}");
                    p.setLong(16, (i * 13L) % 1000);
                    p.setLong(17, (i * 7919L) % 10_000);
                    p.addBatch();
                    if (i % 5000 == 4999) {
                        p.executeBatch();
                    }
                }
                p.executeBatch();
            }
            c.commit();
        }
        System.out.printf(Locale.ROOT, "seeded %,d repositories in SQL in %.1f s%n", REPOS, (System.nanoTime() - t0) / 1e9);
    }

    /**
     * A connection to the bench server's SQLite file, in a transaction that has seeded experiment 1 and the metric keys
     * {@code metricKeys} (ids 1, 2, … in that order): what the runs benches start their seed with.
     */
    static Connection seedExperiment(ChorusConfig config, long now, List<String> metricKeys) throws Exception {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + database(config));
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = 30000");
        }
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("INSERT INTO experiments (id, name, artifact_location, lifecycle_stage, creation_time, last_update_time)"
                    + " VALUES (1, 'bench', 'mlflow-artifacts:/1', 'active', " + now + ", " + now + ")");
        }
        try (PreparedStatement k = c.prepareStatement("INSERT INTO metric_keys (id, name) VALUES (?, ?)")) {
            for (int i = 0; i < metricKeys.size(); i++) {
                k.setLong(1, i + 1);
                k.setString(2, metricKeys.get(i));
                k.addBatch();
            }
            k.executeBatch();
        }
        return c;
    }

    /**
     * Summarises points seeded straight into {@code metric_points} as every log path does ({@code metric_blocks}, which
     * charts read for long series), with the statements the V33 migration backfills existing points with: seeding
     * through log-batch would take longer than the benchmark.
     */
    static void summarizeSeededPoints(Connection c) throws Exception {
        String migration;
        try (var in = BenchSupport.class.getClassLoader().getResourceAsStream("db/migration/V33__metric_blocks.sql")) {
            migration = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        try (Statement s = c.createStatement()) {
            for (String statement : migration.split(";\\s*\\n")) {
                String sql = statement.lines().filter(l -> !l.startsWith("--")).collect(java.util.stream.Collectors.joining("\n")).strip();
                if (sql.startsWith("INSERT INTO metric_blocks")) {
                    s.execute(sql);
                }
            }
        }
    }

    /** The median and the last answer's size of a URL's timed GETs. */
    record Timing(double medianMs, long bytes) {}

    /** A page and the API call for the same data, timed in turns so that a change of load on a shared machine weighs on both. */
    record Pair(Timing page, Timing api) {}

    static Pair timePair(String pageUrl, String apiUrl, int runs) throws Exception {
        int warmup = Math.min(WARMUP, runs);
        double[][] ms = new double[2][runs];
        long[] bytes = new long[2];
        String[] urls = {pageUrl, apiUrl};
        for (int i = 0; i < warmup + runs; i++) {
            for (int k = 0; k < 2; k++) {
                long t0 = System.nanoTime();
                HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(urls[k])).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
                long t = System.nanoTime() - t0;
                if (r.statusCode() != 200) {
                    throw new IllegalStateException(urls[k] + " answered " + r.statusCode());
                }
                if (i >= warmup) {
                    ms[k][i - warmup] = t / 1e6;
                }
                bytes[k] = r.body().length;
            }
        }
        return new Pair(new Timing(median(ms[0]), bytes[0]), new Timing(median(ms[1]), bytes[1]));
    }

    /** The median of {@link #RUNS} anonymous GETs of one URL after {@link #WARMUP} warm-ups. */
    static double median(String url) throws Exception {
        double[] ms = new double[RUNS];
        for (int i = 0; i < WARMUP + RUNS; i++) {
            long t0 = System.nanoTime();
            HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            long t = System.nanoTime() - t0;
            if (r.statusCode() != 200) {
                throw new IllegalStateException(url + " answered " + r.statusCode());
            }
            if (i >= WARMUP) {
                ms[i - WARMUP] = t / 1e6;
            }
        }
        return median(ms);
    }

    static double median(double[] ms) {
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** Whether a row runs: all of them, or those whose name contains {@code -Dbench.only=…}. */
    static boolean selected(String name) {
        String only = System.getProperty("bench.only");
        return only == null || name.contains(only);
    }
}
