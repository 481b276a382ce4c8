import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.chorus.core.config.ChorusConfig;
import org.chorus.server.ChorusServer;

/**
 * Page speed beside the JSON API for the same data. Seeds 100,000 repositories' metadata straight into the database
 * (SQLite), plus one real repository ({@code admin/big}) with 10,000 files in one directory and 1,000 commits made
 * through the API; then, for each case in {@link #CASES}, the median time of the page and of the API (30 requests
 * after 5 warm-ups, localhost, keep-alive, anonymous), and the compressed JS + CSS a first page load fetches.
 *
 * <p>To add a page: add a {@link Case} to {@link #CASES} (name, page path, API path for the same data).
 */
public class WebBench {
    static final String TOKEN = "hf_benchAdminToken0123456789";
    static final int REPOS = Integer.getInteger("bench.repos", 100_000);
    static final int FILES = Integer.getInteger("bench.files", 10_000);
    static final int COMMITS = Integer.getInteger("bench.commits", 1_000);
    static final int WARMUP = 5;
    static final int RUNS = 30;

    /** One row of the table: a page and the API call that returns the same data, timed {@code runs} times. */
    record Case(String name, String page, String api, int runs) {
        Case(String name, String page, String api) {
            this(name, page, api, RUNS);
        }
    }

    static final List<Case> CASES = new ArrayList<>(List.of(
            new Case("repository page (card)", "/admin/big", "/api/models/admin/big"),
            new Case("file tree, directory of 10,000 (first page, 100)", "/admin/big/tree/main/files", "/api/models/admin/big/tree/main/files?limit=100"),
            // seconds each (a walk of the whole history: every file was last changed by the first commit), so 3 runs
            new Case("file tree, 100 last commits (htmx)", "/admin/big/tree/main/files?commits=1", "/api/models/admin/big/tree/main/files?limit=100&expand=true", 3),
            new Case("commit list (1,000 commits, first 50)", "/admin/big/commits/main", "/api/models/admin/big/commits/main?limit=50"),
            new Case("one commit's diff", "/admin/big/commit/main", "/api/chorus/models/admin/big/commit/main")));

    static final HttpClient HTTP = HttpClient.newHttpClient();
    static String base;

    public static void main(String[] args) throws Exception {
        Files.createDirectories(Path.of("bench/out"));
        Path work = Files.createTempDirectory(Path.of("bench/out"), "web-");
        ChorusConfig config = ChorusConfig.builder().host("127.0.0.1").port(0).dataDir(work.resolve("data")).federatedPort(-1)
                .bootstrapToken(TOKEN).build();
        try (ChorusServer server = ChorusServer.start(config)) {
            base = "http://127.0.0.1:" + server.port();
            long t0 = System.nanoTime();
            seedRepositories(work.resolve("data").resolve("chorus.db"));
            System.out.printf(Locale.ROOT, "seeded %,d repositories in SQL in %.1f s%n", REPOS, (System.nanoTime() - t0) / 1e9);
            t0 = System.nanoTime();
            seedBigRepository();
            System.out.printf(Locale.ROOT, "admin/big: %,d files, %,d commits through the API in %.1f s%n", FILES, COMMITS, (System.nanoTime() - t0) / 1e9);
            System.out.printf(Locale.ROOT, "machine: %d cores; median of %d requests after %d warm-ups (unless the row says)%n%n", Runtime.getRuntime().availableProcessors(), RUNS, WARMUP);
            System.out.println("| page | page median | API median | page / API | page size |");
            System.out.println("|---|---:|---:|---:|---:|");
            for (Case c : CASES) {
                Timing page = time(c.page(), c.runs());
                Timing api = time(c.api(), c.runs());
                System.out.printf(Locale.ROOT, "| %s | %.1f ms | %.1f ms | %.2f× | %,d kB |%n", c.name(), page.medianMs(), api.medianMs(),
                        page.medianMs() / api.medianMs(), page.bytes() / 1000);
            }
            System.out.println();
            firstLoad("/admin/big");
        }
    }

    /** 100,000 rows of hub_repos owned by admin, in one transaction, as the service would write them. */
    static void seedRepositories(Path db) throws Exception {
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
            String[] tasks = {"text-classification", "text-generation", "image-classification", "translation", null};
            try (PreparedStatement p = c.prepareStatement("INSERT INTO hub_repos (id, kind, owner_id, name, full_name, name_key, private,"
                    + " created_at, last_modified, downloads, likes, pipeline_tag, library_name, tags) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
                for (int i = 0; i < REPOS; i++) {
                    String kind = i % 5 == 4 ? "dataset" : "model";
                    String name = "seed-" + i;
                    String task = kind.equals("model") ? tasks[i % tasks.length] : null;
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
                    p.setString(13, task == null ? null : "transformers");
                    p.setString(14, task == null ? "" : "\t" + task + "\ttransformers\t");
                    p.addBatch();
                    if (i % 5000 == 4999) {
                        p.executeBatch();
                    }
                }
                p.executeBatch();
            }
            c.commit();
        }
    }

    /** admin/big: a card, {@value #FILES} files under files/ in one commit, then commits changing one file each. */
    static void seedBigRepository() throws Exception {
        check(send("POST", "/api/repos/create", "{\"name\":\"big\",\"type\":\"model\",\"private\":false}"));
        StringBuilder first = new StringBuilder(header("Add " + FILES + " files"));
        first.append(file("README.md", "---\nlicense: mit\npipeline_tag: text-classification\n---\n# Big\n\nA repository for page speed.\n"));
        for (int i = 0; i < FILES; i++) {
            first.append(file(String.format(Locale.ROOT, "files/shard-%05d.json", i), "{\"shard\": " + i + "}\n"));
        }
        check(send("POST", "/api/models/admin/big/commit/main", first.toString()));
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            text.append("line ").append(i).append('\n');
        }
        for (int i = 1; i < COMMITS; i++) {
            String changed = text.toString().replace("line " + (i % 200) + "\n", "line " + (i % 200) + " changed in commit " + i + "\n");
            check(send("POST", "/api/models/admin/big/commit/main", header("Change " + i) + file("notes/changes.txt", changed)));
        }
    }

    record Timing(double medianMs, long bytes) {}

    static Timing time(String path, int runs) throws Exception {
        long bytes = 0;
        int warmup = Math.min(WARMUP, runs);
        double[] ms = new double[runs];
        for (int i = 0; i < warmup + runs; i++) {
            long t0 = System.nanoTime();
            HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            long t = System.nanoTime() - t0;
            if (r.statusCode() != 200) {
                throw new IllegalStateException(path + " answered " + r.statusCode());
            }
            if (i >= warmup) {
                ms[i - warmup] = t / 1e6;
            }
            bytes = r.body().length;
        }
        Arrays.sort(ms);
        return new Timing(ms[runs / 2], bytes);
    }

    /** The stylesheets and scripts a first visit to {@code path} fetches, gzip-compressed as a proxy would send them. */
    static void firstLoad(String path) throws Exception {
        String html = HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("(?:src|href)=\"(/assets/[^\"]+\\.(?:js|css))\"").matcher(html);
        long raw = 0;
        long gz = 0;
        List<String> assets = new ArrayList<>();
        while (m.find()) {
            byte[] body = HTTP.send(HttpRequest.newBuilder(URI.create(base + m.group(1))).build(), HttpResponse.BodyHandlers.ofByteArray()).body();
            raw += body.length;
            gz += gzip(body);
            assets.add(m.group(1));
        }
        System.out.printf(Locale.ROOT, "first load of %s: JS + CSS %,d bytes, %,d gzip-compressed (budget 150 kB) — %s%n", path, raw, gz, assets);
    }

    static int gzip(byte[] b) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(b);
        }
        return out.size();
    }

    static String header(String summary) {
        return "{\"key\":\"header\",\"value\":{\"summary\":\"" + summary + "\"}}\n";
    }

    static String file(String path, String content) {
        return "{\"key\":\"file\",\"value\":{\"path\":\"" + path + "\",\"content\":\""
                + Base64.getEncoder().encodeToString(content.getBytes(StandardCharsets.UTF_8)) + "\",\"encoding\":\"base64\"}}\n";
    }

    static HttpResponse<String> send(String method, String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static void check(HttpResponse<String> r) {
        if (r.statusCode() != 200) {
            throw new IllegalStateException(r.statusCode() + " " + r.body());
        }
    }
}
