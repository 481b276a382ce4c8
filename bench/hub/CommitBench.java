import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.chorus.core.config.ChorusConfig;
import org.chorus.server.ChorusServer;

/**
 * Writers committing disjoint small files to one branch over the NDJSON API for a fixed time, as the issue #13
 * review did: once without {@code parentCommit} (the server applies each on the newest head) and once with it
 * (each writer reads the head first and, refused as stale, reads it again). Prints commits per second, request
 * latency (p50, p95, max) and the answers by status.
 */
public class CommitBench {
    static final String TOKEN = "hf_benchAdminToken0123456789";
    static final HttpClient HTTP = HttpClient.newHttpClient();

    record Answer(int status, long nanos) {}

    public static void main(String[] args) throws Exception {
        int writers = Integer.parseInt(args[0]);
        int seconds = Integer.parseInt(args[1]);
        String database = args.length > 2 && !args[2].isEmpty() ? args[2] : null;
        Path work = Files.createTempDirectory(Path.of("bench/out"), "commits-");
        ChorusConfig config = ChorusConfig.builder().host("127.0.0.1").port(0).dataDir(work.resolve("data")).database(database)
                .federatedPort(-1).bootstrapToken(TOKEN).build();
        try (ChorusServer server = ChorusServer.start(config)) {
            String base = "http://127.0.0.1:" + server.port();
            System.out.printf(Locale.ROOT, "%d writers, %d s each mode, %s, %d cores%n", writers, seconds,
                    database == null ? "SQLite" : "PostgreSQL", Runtime.getRuntime().availableProcessors());
            for (boolean withParent : new boolean[] {false, true}) {
                String repo = withParent ? "with-parent" : "no-parent";
                send(base, "POST", "/api/repos/create", "{\"name\":\"" + repo + "\",\"organization\":\"admin\"}");
                measure(base, repo, writers, seconds, withParent);
            }
        }
    }

    static void measure(String base, String repo, int writers, int seconds, boolean withParent) throws Exception {
        List<Answer> answers = Collections.synchronizedList(new ArrayList<>());
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<Integer>> landed = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            landed.add(pool.submit(() -> {
                int done = 0;
                while (System.nanoTime() < end) {
                    String parent = withParent ? head(base, repo) : null;
                    String body = "{\"key\":\"header\",\"value\":{\"summary\":\"bench\""
                            + (parent == null ? "" : ",\"parentCommit\":\"" + parent + "\"") + "}}\n"
                            + "{\"key\":\"file\",\"value\":{\"path\":\"w" + writer + "/f" + done + ".txt\",\"content\":\"x\",\"encoding\":\"utf-8\"}}";
                    long s = System.nanoTime();
                    int status = send(base, "POST", "/api/models/admin/" + repo + "/commit/main", body).statusCode();
                    answers.add(new Answer(status, System.nanoTime() - s));
                    statuses.computeIfAbsent(status, k -> new AtomicInteger()).incrementAndGet();
                    done += status == 200 ? 1 : 0;
                }
                return done;
            }));
        }
        int commits = 0;
        for (Future<Integer> f : landed) {
            commits += f.get();
        }
        double elapsed = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();
        List<Long> nanos = answers.stream().map(Answer::nanos).sorted().toList();
        System.out.printf(Locale.ROOT, "%-34s %6.1f commits/s   latency p50 %6.1f ms  p95 %6.1f ms  max %7.1f ms   answers %s%n",
                withParent ? "with parentCommit (retry on 409):" : "without parentCommit:", commits / elapsed,
                ms(nanos, 0.50), ms(nanos, 0.95), nanos.getLast() / 1e6, new TreeMap<>(statuses));
    }

    static double ms(List<Long> sorted, double q) {
        return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(q * sorted.size()))) / 1e6;
    }

    static String head(String base, String repo) throws Exception {
        String body = send(base, "GET", "/api/models/admin/" + repo + "/revision/main", null).body();
        int at = body.indexOf("\"sha\":\"") + 7;
        return body.substring(at, body.indexOf('"', at));
    }

    static HttpResponse<String> send(String base, String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + TOKEN)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
