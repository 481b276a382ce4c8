package org.chorus.scaleout;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.chorus.core.db.TestDatabases;
import org.chorus.server.web.WebClient;
import org.chorus.storage.S3TestServer;

/**
 * The scale-out benchmark (bench/scaleout/run.sh): one mixed workload through nginx against one Chorus node, then
 * against two, on the same PostgreSQL database and S3 bucket (s3proxy), with the test's harness (Cluster, nginx
 * running deploy/nginx/chorus.conf). Prints throughput and latency per kind of request, CPU per request of each
 * node, of PostgreSQL and of nginx, and the coordination loss of two nodes: 1 − (Chorus CPU per request with one
 * node ÷ with two). PostgreSQL is the caller's (run.sh starts one; PGDATA names its data directory).
 */
final class ScaleOutBench {
    private static final String PASSWORD = "bench password 0123";
    private static final int MODELS = 20;
    private static final List<String> PAGES = List.of("/", "/models", "/experiments", "/bench/model-");

    private final int clients = Integer.getInteger("bench.clients", 8);
    /** Warm-up: at least this long, then until each node answered {@link #warmupPerNode} requests (at most 4 minutes). */
    private final Duration warmup = Duration.ofSeconds(Long.getLong("bench.warmup", 30));
    private final long warmupPerNode = Long.getLong("bench.warmupRequests", 1500);
    private final Duration window = Duration.ofSeconds(Long.getLong("bench.seconds", 60));
    /**
     * Then until every node's JIT compiler threads spent at most this share of its CPU over the last {@link #SETTLE_SPAN}
     * (-Dbench.jitSettled, default 0.12; at most -Dbench.settleMax seconds, default 360): a window while each JVM still
     * compiles its hot code measures its warm-up, twice with two JVMs. Over a single 10 s step the share swings by
     * 10 points as compilations come in bursts, and one low step started the 2-node window early (2026-12-05).
     */
    private final double jitSettled = Double.parseDouble(System.getProperty("bench.jitSettled", "0.12"));
    private final Duration settleMax = Duration.ofSeconds(Long.getLong("bench.settleMax", 360));
    private static final Duration SETTLE_STEP = Duration.ofSeconds(10);
    private static final int SETTLE_STEPS = 3;
    private static final Duration SETTLE_SPAN = SETTLE_STEP.multipliedBy(SETTLE_STEPS);
    private final Duration idle = Duration.ofSeconds(Long.getLong("bench.idle", 20));
    private final Duration settle = Duration.ofSeconds(5);
    /** -Dbench.jfr=DIR: a JFR recording of each node over the measured window (jcmd), DIR/N-nodes-nID.jfr. */
    private final String jfr = System.getProperty("bench.jfr");
    private final long postmaster;
    private String token;
    /**
     * The scratch repositories commits go to now, their name before the client's number ({@link #seed}): the
     * warm-up's of this setting, then at the window's start a fresh set.
     */
    private volatile String scratch;
    private final List<WebClient> browsers = new ArrayList<>();
    private final List<String> runs = new ArrayList<>();
    private final AtomicLong commits = new AtomicLong();

    private ScaleOutBench(long postmaster) {
        this.postmaster = postmaster;
    }

    /** One setting's figures: the load's result and the CPU each process spent inside its window. */
    record Setting(int nodes, MixedLoad.Result load, Map<String, Duration> nodeCpu, Map<String, Duration> jitCpu, Map<String, Duration> idleCpu,
            Duration postgresCpu, Duration nginxCpu, String loadAverage, Map<String, Map<String, Double>> split, Map<String, Double> byName,
            Map<String, Double> idleByName, Map<String, ThreadCpu.Kernel> kernel) {
        double chorusMsPerRequest() {
            return nodeCpu.values().stream().mapToLong(Duration::toNanos).sum() / 1e6 / load.ok();
        }

        /** The part of {@link #chorusMsPerRequest} the nodes' JIT compiler threads spent (warm-up still going). */
        double jitMsPerRequest() {
            return jitCpu.values().stream().mapToLong(Duration::toNanos).sum() / 1e6 / load.ok();
        }

        double msPerRequest(Duration cpu) {
            return cpu.toNanos() / 1e6 / load.ok();
        }

        /** A thread group's CPU over all nodes, in ms per request ({@link ThreadCpu}). */
        double groupMsPerRequest(String group) {
            return split.values().stream().mapToDouble(m -> m.getOrDefault(group, 0.0)).sum() / load.ok();
        }
    }

    public static void main(String[] args) throws Exception {
        Path pgdata = Path.of(System.getenv("PGDATA"));
        long postmaster = Long.parseLong(Files.readAllLines(pgdata.resolve("postmaster.pid")).getFirst().strip());
        Path dir = Files.createTempDirectory("chorus-scaleout-bench");
        ScaleOutBench bench = new ScaleOutBench(postmaster);
        try (S3TestServer s3 = S3TestServer.start()) {
            String database = TestDatabases.freshPostgresUrl();
            String bucket = s3.freshBucketUrl("bench");
            List<Setting> settings = new ArrayList<>();
            for (int nodes = 1; nodes <= 2; nodes++) {
                try (Cluster cluster = new Cluster(dir.resolve(nodes + "-nodes"), database, bucket, nodes, ChorusNode.SERVING_JVM)) {
                    if (nodes == 1) {
                        bench.seed(cluster);
                    }
                    bench.scratch = scratch(nodes, "warm");
                    bench.signIn(cluster);
                    System.err.printf("%d node(s) up; warm-up ≥ %d s and %d requests per node, %d s measured%n", nodes, bench.warmup.toSeconds(),
                            bench.warmupPerNode, bench.window.toSeconds());
                    settings.add(bench.measure(cluster));
                }
            }
            bench.print(settings);
        } finally {
            org.apache.commons.io.file.PathUtils.deleteDirectory(dir); // the nodes' caches and nginx's logs
        }
    }

    /**
     * A user, {@link #MODELS} models with small files, and a run per client; scratch repositories per client, setting
     * and phase (warm-up, window), all made now so that both settings list the same repositories. Each commit adds
     * a file, so a repository's tree and the packs each compaction rewrites grow with its history: the window commits
     * into repositories of its own, so that both settings measure commits on the same history however long their
     * warm-ups took (the 2-node one took twice as long, and its commits wrote trees of ~800 files against ~470).
     */
    private void seed(Cluster cluster) {
        token = cluster.user("bench", PASSWORD);
        for (int i = 0; i < MODELS; i++) {
            String name = model(i);
            cluster.createModel("bench", name, token);
            ok(cluster.send("POST", "/api/models/bench/" + name + "/commit/main", token, commit("seed",
                    Map.of("README.md", "# " + name + "\nA model of the scale-out benchmark.\n", "config.json", "{\"hidden_size\": " + (64 + i) + "}\n"))));
        }
        String experiment = json(ok(cluster.send("POST", "/api/2.0/mlflow/experiments/create", token, "{\"name\":\"scaleout-bench\"}"))).path("experiment_id").asText();
        for (int c = 0; c < clients; c++) {
            for (int nodes = 1; nodes <= 2; nodes++) {
                cluster.createModel("bench", scratch(nodes, "warm") + c, token);
                cluster.createModel("bench", scratch(nodes, "window") + c, token);
            }
            runs.add(json(ok(cluster.send("POST", "/api/2.0/mlflow/runs/create", token,
                    "{\"experiment_id\":\"" + experiment + "\",\"start_time\":1700000000000}"))).path("run").path("info").path("run_id").asText());
        }
    }

    private static String scratch(int nodes, String phase) {
        return "scratch-" + nodes + "n-" + phase + "-";
    }

    /** A browser per client, signed in through this cluster's nginx (a session each, in the database). */
    private void signIn(Cluster cluster) {
        browsers.clear();
        for (int c = 0; c < clients; c++) {
            WebClient browser = new WebClient(cluster.url());
            int status = browser.signIn("bench", PASSWORD).statusCode();
            if (status != 303 && status != 302) {
                throw new IllegalStateException("sign-in answered " + status);
            }
            browsers.add(browser);
        }
    }

    /**
     * The mix, by weight out of 100: hub API reads 55 (model search 15, model info 20, a small file's resolve 20),
     * signed-in page views 20, MLflow log-batch of 10 metrics 15, git's ref advertisement 5, small commits 5.
     * {@code -Dbench.skip=file resolve,commit} leaves kinds out (to see what a kind costs each node).
     */
    private List<MixedLoad.Kind> mix(Cluster cluster) {
        List<String> skip = List.of(System.getProperty("bench.skip", "").split(","));
        return Stream.of(
                new MixedLoad.Kind("model search", 15, (c, r) -> cluster.send("GET", "/api/models?search=model&limit=20", token, null)),
                new MixedLoad.Kind("model info", 20, (c, r) -> cluster.send("GET", "/api/models/bench/" + model(r.nextInt(MODELS)), token, null)),
                new MixedLoad.Kind("file resolve", 20, (c, r) -> cluster.send("GET", "/bench/" + model(r.nextInt(MODELS)) + "/resolve/main/config.json", token, null)),
                new MixedLoad.Kind("page view", 20, (c, r) -> browsers.get(c).get(page(r))),
                new MixedLoad.Kind("log-batch", 15, (c, r) -> cluster.send("POST", "/api/2.0/mlflow/runs/log-batch", token, logBatch(runs.get(c), r))),
                new MixedLoad.Kind("git info/refs", 5, (c, r) -> cluster.send("GET", "/bench/" + model(r.nextInt(MODELS))
                        + "/info/refs?service=git-upload-pack", token, null)),
                new MixedLoad.Kind("commit", 5, (c, r) -> cluster.send("POST", "/api/models/bench/" + scratch + c + "/commit/main", token,
                        commit("note", Map.of("notes/" + commits.incrementAndGet() + ".txt", "note " + r.nextLong() + "\n")))))
                .filter(k -> !skip.contains(k.name())).toList();
    }

    private Setting measure(Cluster cluster) throws InterruptedException {
        Map<String, Duration> before = new java.util.LinkedHashMap<>();
        Map<String, Duration> cpu = new java.util.LinkedHashMap<>();
        Map<String, Duration> jitBefore = new java.util.LinkedHashMap<>();
        Map<String, Duration> jit = new java.util.LinkedHashMap<>();
        Duration[] others = new Duration[4];
        String[] loadAverage = new String[2];
        Map<String, ThreadCpu.Snapshot> threadsBefore = new java.util.LinkedHashMap<>();
        Map<String, Map<String, Double>> split = new java.util.LinkedHashMap<>();
        Map<String, Double> byName = new java.util.HashMap<>();
        Map<String, ThreadCpu.Snapshot> threadsAfter = new java.util.LinkedHashMap<>();
        MixedLoad.Result result = new MixedLoad(mix(cluster)).run(clients,
                new MixedLoad.Warmup(warmup, Duration.ofMinutes(4), cluster.nodes.size(), warmupPerNode), window, () -> {
            settleJit(cluster);
            scratch = scratch(cluster.nodes.size(), "window");
            // CPU-time samples (JDK 25, Linux): execution samples are taken in wall time from threads in Java code, so a
            // thread waiting for a core is sampled too, and two JVMs on two busy cores looked twice as costly per request
            recording(cluster, "JFR.start", "name=bench", "settings=profile", "jdk.CPUTimeSample#enabled=true");
            cluster.nodes.forEach(n -> before.put(n.id, n.cpu()));
            cluster.nodes.forEach(n -> jitBefore.put(n.id, n.jitCpu()));
            cluster.nodes.forEach(n -> threadsBefore.put(n.id, ThreadCpu.read(n.pid())));
            others[0] = ProcCpu.withDescendants(postmaster);
            others[1] = cluster.nginx.cpu();
            loadAverage[0] = loadAverage();
        }, () -> {
            cluster.nodes.forEach(n -> cpu.put(n.id, n.cpu().minus(before.get(n.id))));
            cluster.nodes.forEach(n -> jit.put(n.id, n.jitCpu().minus(jitBefore.get(n.id))));
            cluster.nodes.forEach(n -> {
                ThreadCpu.Snapshot after = ThreadCpu.read(n.pid());
                threadsAfter.put(n.id, after);
                split.put(n.id, ThreadCpu.split(threadsBefore.get(n.id), after, cpu.get(n.id).toNanos() / 1e6));
                ThreadCpu.byName(threadsBefore.get(n.id), after).forEach((name, ms) -> byName.merge(name, ms, Double::sum));
            });
            others[2] = ProcCpu.withDescendants(postmaster).minus(others[0]);
            others[3] = cluster.nginx.cpu().minus(others[1]);
            loadAverage[1] = loadAverage();
            recording(cluster, "JFR.stop", "name=bench");
        });
        // what a node costs with no request at all: its background work (lease ticks, the change log it follows)
        Map<String, Duration> idleCpu = new java.util.LinkedHashMap<>();
        Thread.sleep(settle); // merges and compilations the load left running are not idle work
        Map<String, ThreadCpu.Snapshot> idleBefore = new java.util.LinkedHashMap<>();
        cluster.nodes.forEach(n -> idleCpu.put(n.id, n.cpu()));
        cluster.nodes.forEach(n -> idleBefore.put(n.id, ThreadCpu.read(n.pid())));
        Thread.sleep(idle);
        cluster.nodes.forEach(n -> idleCpu.put(n.id, n.cpu().minus(idleCpu.get(n.id))));
        Map<String, Double> idleByName = new java.util.HashMap<>();
        cluster.nodes.forEach(n -> ThreadCpu.byName(idleBefore.get(n.id), ThreadCpu.read(n.pid())).forEach((name, ms) -> idleByName.merge(name, ms, Double::sum)));
        System.err.printf("%d node(s): %d answers, %d errors in %.1f s%n", cluster.nodes.size(), result.ok(), result.errors(), result.seconds());
        if (result.errors() * 100 > result.ok()) {
            throw new IllegalStateException(result.errors() + " errors beside " + result.ok() + " answers, first: " + result.firstErrors());
        }
        Map<String, ThreadCpu.Kernel> kernel = new java.util.LinkedHashMap<>();
        threadsAfter.forEach((id, after) -> kernel.put(id, ThreadCpu.Kernel.between(threadsBefore.get(id), after, result.ok())));
        return new Setting(cluster.nodes.size(), result, cpu, jit, idleCpu, others[2], others[3], loadAverage[0] + " → " + loadAverage[1], split, byName,
                idleByName, kernel);
    }

    /**
     * Keeps the load on (the clients run meanwhile) until each node's JIT share over the last {@link #SETTLE_SPAN} is
     * at most {@link #jitSettled}, or settleMax: one reading of every node's CPU and JIT CPU per {@link #SETTLE_STEP}.
     */
    private void settleJit(Cluster cluster) {
        long deadline = System.nanoTime() + settleMax.toNanos();
        java.util.Deque<Map<String, Duration[]>> readings = new java.util.ArrayDeque<>();
        while (true) {
            Map<String, Duration[]> now = new java.util.HashMap<>();
            cluster.nodes.forEach(n -> now.put(n.id, new Duration[] {n.cpu(), n.jitCpu()}));
            readings.addLast(now);
            if (readings.size() > SETTLE_STEPS) {
                Map<String, Duration[]> first = readings.removeFirst();
                List<String> shares = new ArrayList<>();
                boolean settled = true;
                for (ChorusNode n : cluster.nodes) {
                    Duration[] a = first.get(n.id);
                    Duration[] b = now.get(n.id);
                    double share = (double) b[1].minus(a[1]).toMillis() / Math.max(1, b[0].minus(a[0]).toMillis());
                    shares.add(String.format("%s %.0f%%", n.id, 100 * share));
                    settled &= share <= jitSettled;
                }
                System.err.printf("JIT share of each node's CPU over the last %d s: %s%n", SETTLE_SPAN.toSeconds(), String.join(", ", shares));
                if (settled || System.nanoTime() > deadline) {
                    return;
                }
            }
            try {
                Thread.sleep(SETTLE_STEP);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** jcmd on each node, when -Dbench.jfr asks for recordings ({@code JFR.stop} writes the file). */
    private void recording(Cluster cluster, String command, String... options) {
        if (jfr == null) {
            return;
        }
        for (ChorusNode n : cluster.nodes) {
            List<String> jcmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), "" + n.pid(), command));
            jcmd.addAll(List.of(options));
            if (command.equals("JFR.stop")) {
                jcmd.add("filename=" + Path.of(jfr).toAbsolutePath().resolve(cluster.nodes.size() + "-nodes-" + n.id + ".jfr"));
            }
            Processes.Result r = Processes.run(Path.of("."), Map.of(), 60, jcmd);
            if (r.exitCode() != 0) {
                throw new IllegalStateException(String.join(" ", jcmd) + ": " + r.output());
            }
        }
    }

    private void print(List<Setting> settings) {
        System.out.printf("%n%d clients, warm-up ≥ %d s and %d requests answered per node, then until each node's JIT threads took ≤ %.0f%% of its CPU"
                + " over %d s (at most %d s), %d s measured per setting; CPU from /proc/PID/stat;"
                + " one PostgreSQL, one s3proxy bucket, nginx round robin%n%n", clients, warmup.toSeconds(), warmupPerNode, 100 * jitSettled,
                SETTLE_SPAN.toSeconds(), settleMax.toSeconds(), window.toSeconds());
        System.out.println("| nodes | req/s | p50 ms | p99 ms | errors | Chorus CPU ms/req (per node: ms/req, share served) | of which JIT compiler threads ms/req (share of each node's CPU) | PostgreSQL CPU ms/req | nginx CPU ms/req | idle CPU ms/s per node | load average (1 min) |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        for (Setting s : settings) {
            List<String> perNode = new ArrayList<>();
            s.nodeCpu().forEach((id, cpu) -> perNode.add(String.format("%s %.2f, %.0f%%", id, s.msPerRequest(cpu),
                    100.0 * s.load().servedBy().getOrDefault(id, 0L) / s.load().servedBy().values().stream().mapToLong(Long::longValue).sum())));
            List<String> idlePerNode = new ArrayList<>();
            s.idleCpu().forEach((id, cpu) -> idlePerNode.add(String.format("%s %.1f", id, cpu.toNanos() / 1e6 / idle.toSeconds())));
            List<String> jitShares = new ArrayList<>();
            s.jitCpu().forEach((id, jit) -> jitShares.add(String.format("%s %.0f%%", id, 100.0 * jit.toNanos() / s.nodeCpu().get(id).toNanos())));
            System.out.printf("| %d | %.1f | %.1f | %.1f | %d | %.2f (%s) | %.2f (%s) | %.2f | %.2f | %s | %s |%n", s.nodes(), s.load().ok() / s.load().seconds(),
                    s.load().all().p50Ms(), s.load().all().p99Ms(), s.load().errors(), s.chorusMsPerRequest(), String.join("; ", perNode), s.jitMsPerRequest(),
                    String.join("; ", jitShares),
                    s.msPerRequest(s.postgresCpu()), s.msPerRequest(s.nginxCpu()), String.join("; ", idlePerNode), s.loadAverage());
        }
        System.out.println();
        System.out.println("| kind | " + String.join(" | ", settings.stream().map(s -> s.nodes() + " node(s): req/s, p50 ms, p99 ms").toList()) + " |");
        System.out.println("|---|" + "---|".repeat(settings.size()));
        for (int k = 0; k < settings.getFirst().load().kinds().size(); k++) {
            StringBuilder row = new StringBuilder("| " + settings.getFirst().load().kinds().get(k).name() + " |");
            for (Setting s : settings) {
                MixedLoad.KindResult r = s.load().kinds().get(k);
                row.append(String.format(" %.1f, %.1f, %.1f |", r.ok() / s.load().seconds(), r.p50Ms(), r.p99Ms()));
            }
            System.out.println(row);
        }
        printSplit(settings);
        double one = settings.get(0).chorusMsPerRequest();
        double two = settings.get(1).chorusMsPerRequest();
        double withDb1 = one + settings.get(0).msPerRequest(settings.get(0).postgresCpu());
        double withDb2 = two + settings.get(1).msPerRequest(settings.get(1).postgresCpu());
        System.out.printf("%ncoordination loss of 2 nodes = 1 − (Chorus CPU/request with 1 node ÷ with 2) = 1 − %.2f/%.2f = %.1f%% (goal ≤ 15%%);"
                + " with PostgreSQL's CPU counted too: %.1f%%%n", one, two, 100 * (1 - one / two), 100 * (1 - withDb1 / withDb2));
        // each JVM compiles its own hot code: a warm-up cost per node that a longer run amortises, not coordination
        double steady1 = one - settings.get(0).jitMsPerRequest();
        double steady2 = two - settings.get(1).jitMsPerRequest();
        System.out.printf("without the JIT compiler threads' CPU (warm-up still going in the window): 1 − %.2f/%.2f = %.1f%%%n",
                steady1, steady2, 100 * (1 - steady1 / steady2));
        // a per-second cost per node spread over the requests the machine let it serve: it does not grow with the load
        double busy1 = one - idleMsPerRequest(settings.get(0));
        double busy2 = two - idleMsPerRequest(settings.get(1));
        System.out.printf("without the nodes' idle work (their CPU per second with no request × the window ÷ its requests: %.2f and %.2f ms/req):"
                + " 1 − %.2f/%.2f = %.1f%%%n", one - busy1, two - busy2, busy1, busy2, 100 * (1 - busy1 / busy2));
    }

    /**
     * Where each setting's Chorus CPU went, by thread group over all nodes, and each group's share of the loss (its
     * growth from 1 to 2 nodes ÷ the 2 nodes' CPU per request); then the busiest thread names. The fixed per-node
     * cost (idle CPU per second × nodes × window ÷ requests) says how much of a request's CPU is the nodes' idle work.
     */
    private void printSplit(List<Setting> settings) {
        Setting one = settings.get(0);
        Setting two = settings.get(1);
        System.out.println();
        System.out.println("| thread group | 1 node ms/req | 2 nodes ms/req | points of the loss |");
        System.out.println("|---|---|---|---|");
        List<String> groups = new ArrayList<>(ThreadCpu.GROUPS.keySet());
        groups.addAll(List.of(ThreadCpu.OTHER, ThreadCpu.ENDED));
        for (String g : groups) {
            double a = one.groupMsPerRequest(g);
            double b = two.groupMsPerRequest(g);
            System.out.printf("| %s | %.2f | %.2f | %.1f |%n", g, a, b, 100 * (b - a) / two.chorusMsPerRequest());
        }
        for (Setting s : settings) {
            // the CPU the machine gave the nodes: with the same cores used, 2 nodes serving fewer requests is per-node cost
            System.out.printf("%d node(s): the nodes used %.2f cores in the window (the machine has %d)%n", s.nodes(),
                    s.nodeCpu().values().stream().mapToLong(Duration::toNanos).sum() / 1e9 / s.load().seconds(), Runtime.getRuntime().availableProcessors());
            System.out.printf("%d node(s): idle work of the nodes %.1f ms/s in all = %.2f ms per request at this throughput;"
                    + " busiest threads (ms/req): %s%n", s.nodes(), idleMsPerSecond(s), idleMsPerRequest(s),
                    String.join(", ", s.byName().entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(10)
                            .map(e -> String.format("%s %.2f", e.getKey(), e.getValue() / s.load().ok())).toList()));
            // all nodes' requests as the divisor, as for the CPU: with two nodes each does half, and the sum compares with one
            System.out.printf("%d node(s): kernel time and context switches of the nodes' threads per request (all nodes' requests): %s%n", s.nodes(),
                    String.join("; ", s.kernel().entrySet().stream().map(e -> String.format("%s %.3f ms system, %.2f voluntary, %.2f involuntary",
                            e.getKey(), e.getValue().systemMsPerRequest(), e.getValue().voluntaryPerRequest(), e.getValue().involuntaryPerRequest())).toList()));
            System.out.printf("%d node(s): idle threads of the nodes (ms/s): %s%n", s.nodes(), String.join(", ", s.idleByName().entrySet().stream()
                    .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(8)
                    .map(e -> String.format("%s %.1f", e.getKey(), e.getValue() / idle.toSeconds())).toList()));
        }
    }

    /** The nodes' CPU per second with no load, all nodes together. */
    private double idleMsPerSecond(Setting s) {
        return s.idleCpu().values().stream().mapToLong(Duration::toNanos).sum() / 1e6 / idle.toSeconds();
    }

    /** That idle work over the window, per request answered in it. */
    private double idleMsPerRequest(Setting s) {
        return idleMsPerSecond(s) * s.load().seconds() / s.load().ok();
    }

    private static String model(int i) {
        return String.format("model-%02d", i);
    }

    private static String page(SplittableRandom r) {
        String page = PAGES.get(r.nextInt(PAGES.size()));
        return page.endsWith("-") ? page + String.format("%02d", r.nextInt(MODELS)) : page;
    }

    private static String logBatch(String run, SplittableRandom r) {
        long step = r.nextInt(1_000_000);
        StringBuilder metrics = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            metrics.append(i == 0 ? "" : ",").append("{\"key\":\"m").append(i).append("\",\"value\":").append(r.nextDouble())
                    .append(",\"timestamp\":").append(1_700_000_000_000L + step).append(",\"step\":").append(step).append('}');
        }
        return "{\"run_id\":\"" + run + "\",\"metrics\":[" + metrics + "]}";
    }

    /** The hub's commit API body (NDJSON): a header, then each file inline in base64. */
    private static String commit(String summary, Map<String, String> files) {
        StringBuilder body = new StringBuilder("{\"key\":\"header\",\"value\":{\"summary\":\"" + summary + "\"}}");
        files.forEach((path, content) -> body.append("\n{\"key\":\"file\",\"value\":{\"path\":\"").append(path)
                .append("\",\"encoding\":\"base64\",\"content\":\"")
                .append(Base64.getEncoder().encodeToString(content.getBytes(java.nio.charset.StandardCharsets.UTF_8))).append("\"}}"));
        return body.toString();
    }

    private static HttpResponse<String> ok(HttpResponse<String> r) {
        if (r.statusCode() >= 300) {
            throw new IllegalStateException(r.uri() + " answered " + r.statusCode() + ": " + r.body());
        }
        return r;
    }

    private static com.fasterxml.jackson.databind.JsonNode json(HttpResponse<String> r) {
        return Json.read(r.body());
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
