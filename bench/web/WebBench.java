import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
 * (SQLite, {@link BenchSupport#seedRepositories}), plus one real repository ({@code admin/big}) with 10,000 files in one directory and 1,000 commits made
 * through the API; then, for each case in {@link #CASES}, the median time of the page and of the API (30 requests
 * each after 5 warm-ups, page and API in turns, localhost, keep-alive, anonymous), and the compressed JS + CSS a first page load fetches.
 *
 * <p>To add a page: add a {@link Case} to {@link #CASES} (name, page path, API path for the same data).
 */
public class WebBench {
    static final int FILES = Integer.getInteger("bench.files", 10_000);
    static final int COMMITS = Integer.getInteger("bench.commits", 1_000);

    /** One row of the table: a page and the API call that returns the same data, timed {@code runs} times. */
    record Case(String name, String page, String api, int runs) {
        Case(String name, String page, String api) {
            this(name, page, api, BenchSupport.RUNS);
        }
    }

    static final List<Case> CASES = new ArrayList<>(List.of(
            new Case("repository page (card)", "/admin/big", "/api/models/admin/big"),
            new Case("file tree, directory of 10,000 (first page, 100)", "/admin/big/tree/main/files", "/api/models/admin/big/tree/main/files?limit=100"),
            // seconds each (a walk of the whole history: every file was last changed by the first commit), so 3 runs
            new Case("file tree, 100 last commits (htmx)", "/admin/big/tree/main/files?commits=1", "/api/models/admin/big/tree/main/files?limit=100&expand=true", 3),
            new Case("commit list (1,000 commits, first 50)", "/admin/big/commits/main", "/api/models/admin/big/commits/main?limit=50"),
            new Case("one commit's diff", "/admin/big/commit/main", "/api/chorus/models/admin/big/commit/main")));

    static final HttpClient HTTP = BenchSupport.HTTP;
    static String base;

    public static void main(String[] args) throws Exception {
        ChorusConfig config = BenchSupport.config("web-");
        try (ChorusServer server = ChorusServer.start(config)) {
            base = "http://127.0.0.1:" + server.port();
            BenchSupport.seedRepositories(BenchSupport.database(config));
            long t0 = System.nanoTime();
            seedBigRepository();
            System.out.printf(Locale.ROOT, "admin/big: %,d files, %,d commits through the API in %.1f s%n", FILES, COMMITS, (System.nanoTime() - t0) / 1e9);
            System.out.printf(Locale.ROOT, "machine: %d cores; median of %d requests after %d warm-ups (unless the row says)%n%n",
                    Runtime.getRuntime().availableProcessors(), BenchSupport.RUNS, BenchSupport.WARMUP);
            System.out.println("| page | page median | API median | page / API | page size |");
            System.out.println("|---|---:|---:|---:|---:|");
            for (Case c : CASES) {
                if (!BenchSupport.selected(c.name())) {
                    continue;
                }
                BenchSupport.Pair timed = BenchSupport.timePair(base + c.page(), base + c.api(), c.runs());
                BenchSupport.Timing page = timed.page();
                BenchSupport.Timing api = timed.api();
                System.out.printf(Locale.ROOT, "| %s | %.1f ms | %.1f ms | %.2f× | %,d kB |%n", c.name(), page.medianMs(), api.medianMs(),
                        page.medianMs() / api.medianMs(), page.bytes() / 1000);
            }
            System.out.println();
            firstLoad("/admin/big");
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
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + BenchSupport.TOKEN)
                .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static void check(HttpResponse<String> r) {
        if (r.statusCode() != 200) {
            throw new IllegalStateException(r.statusCode() + " " + r.body());
        }
    }
}
