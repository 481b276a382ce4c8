package org.chorus.scaleout;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.chorus.core.db.TestDatabases;
import org.chorus.server.web.WebClient;
import org.chorus.storage.S3TestServer;

/**
 * The scale-out benchmark (bench/scaleout/run.sh): one mixed workload through nginx against Chorus nodes ({@link Layout}) on one
 * PostgreSQL database and S3 bucket (s3proxy), with the test's harness (Cluster, nginx running
 * deploy/nginx/chorus.conf), measured in windows that alternate between one node and two: in a 1-node window nginx
 * sends everything to one node and the others are stopped (SIGSTOP), in a 2-node window both serve. The machine's drift (other
 * work coming and going) then hits both settings alike, where one setting after the other, minutes apart, gave
 * 11.8–43.7% for the same code (2026-12-05). Prints each window's throughput, latency and CPU per request of each
 * node, of PostgreSQL and of nginx, each pair's coordination loss, 1 − (Chorus CPU per request with one node ÷ with
 * two), and their median. PostgreSQL is the caller's (run.sh starts one; PGDATA names its data directory).
 */
final class ScaleOutBench {
    private static final String PASSWORD = "bench password 0123";
    private static final int MODELS = 20;
    private static final List<String> PAGES = List.of("/", "/models", "/experiments", "/bench/model-");

    private final int clients = Integer.getInteger("bench.clients", 8);
    /** Warm-up: at least this long, then until each node answered {@link #warmupPerNode} requests (at most 4 minutes). */
    private final Duration warmup = Duration.ofSeconds(Long.getLong("bench.warmup", 30));
    private final long warmupPerNode = Long.getLong("bench.warmupRequests", 1500);
    private final Duration window = Duration.ofSeconds(Long.getLong("bench.seconds", 50));
    /** Pairs of windows (1 node, then 2), -Dbench.pairs. */
    private final int pairs = Integer.getInteger("bench.pairs", 3);
    /**
     * Load, not measured, after each switch (-Dbench.switchSettle seconds): nginx's new worker opens its connections,
     * and a node thawed for a 2-node window catches up on the change log the other node wrote meanwhile.
     */
    private final Duration switchSettle = Duration.ofSeconds(Long.getLong("bench.switchSettle", 15));
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
    /** -Dbench.jfr=DIR: a JFR recording of each serving node over each window (jcmd), DIR/wK-Nn-nID.jfr. */
    private final String jfr = System.getProperty("bench.jfr");
    /**
     * How the nodes are sized and which serve a 1-node window (-Dbench.layout). {@code equal} (default since
     * 2026-12-05 16:40): two nodes the same size, each seeing one core (-XX:ActiveProcessorCount=1: one virtual-thread
     * carrier, one JIT thread, pools for one core) and pinned to its own (taskset, as a container given one core by a
     * cpuset runs), the 1-node windows served by each in turn and the 2-node windows by both — a second machine like
     * the first, the capacity question, so the loss is what coordinating costs. {@code shares} (the 13:15 layout): a
     * third node seeing both cores serves the 1-node windows, so a one-core JVM's own overheads count as loss.
     * {@code machine} (before 13:15): two nodes each sized for the whole machine, not pinned, four carriers on two
     * cores in the 2-node windows.
     */
    enum Layout { EQUAL, SHARES, MACHINE }

    private final Layout layout = Layout.valueOf(System.getProperty("bench.layout", "equal").toUpperCase(java.util.Locale.ROOT));
    /**
     * -Dbench.pin (default true; not with {@code machine}): each one-core node pinned to a core of its own, so each
     * core's caches hold one node's code and data rather than both: unpinned, the two nodes' request work cost 1.25×
     * the single node's per request (2026-12-05 13:32).
     */
    private final boolean pin = layout != Layout.MACHINE && Boolean.parseBoolean(System.getProperty("bench.pin", "true"));
    /**
     * -Dbench.rate: requests a second per serving node in the windows and the switches before them, so that each node
     * is as busy with two nodes as with one; {@code auto} (default): {@link #AUTO_SHARE} of what all nodes answered
     * back to back at the end of the warm-up, per node; {@code 0}: no pacing, every client sends back to back. Back
     * to back on this machine the two cores are full either way (one one-core node answered as many requests a second
     * as two), so two nodes each sat idle for half the time one did and paid for it in wake-ups — voluntary context
     * switches per request 4.4 with one node, 9.1 with two — which is the load not doubling, not coordination
     * (2026-12-05 16:24; paced, 16:39: 6.8% where back to back gave 19.2%).
     */
    private final String rateProperty = System.getProperty("bench.rate", "auto");
    /** The auto rate per node: 0.4 of the back-to-back rate, so the 2-node windows ask 80% of it. */
    private static final double AUTO_SHARE = 0.4;
    /** Requests a second per serving node in the windows, 0 for back to back ({@link #rateProperty}); set after the warm-up. */
    private double rate;
    private final long postmaster;
    private String token;
    /**
     * The scratch repositories commits go to now, their name before the client's number ({@link #seed}): the
     * warm-up's and the switches', then each window's own.
     */
    private volatile String scratch;
    private final List<WebClient> browsers = new ArrayList<>();
    private final List<String> runs = new ArrayList<>();
    private final AtomicLong commits = new AtomicLong();

    private ScaleOutBench(long postmaster) {
        this.postmaster = postmaster;
    }

    /** One window's figures (or a setting's windows added up): the load's result and the CPU each process spent in it. */
    record Window(String name, int nodes, MixedLoad.Result load, Map<String, Duration> nodeCpu, Map<String, Duration> jitCpu, Duration postgresCpu,
            Duration nginxCpu, String loadAverage, Map<String, Map<String, Double>> split, Map<String, Double> byName, Map<String, ThreadCpu.Kernel> kernel) {
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

        double cores() {
            return nodeCpu.values().stream().mapToLong(Duration::toNanos).sum() / 1e9 / load.seconds();
        }

        /** The windows of one setting as one: times, requests and CPU added up. */
        static Window sum(String name, List<Window> windows) {
            Map<String, Duration> cpu = new LinkedHashMap<>();
            Map<String, Duration> jit = new LinkedHashMap<>();
            Map<String, Map<String, Double>> split = new LinkedHashMap<>();
            Map<String, Double> byName = new HashMap<>();
            Map<String, ThreadCpu.Kernel> kernel = new LinkedHashMap<>();
            for (Window w : windows) {
                w.nodeCpu().forEach((id, d) -> cpu.merge(id, d, Duration::plus));
                w.jitCpu().forEach((id, d) -> jit.merge(id, d, Duration::plus));
                w.split().forEach((id, groups) -> groups.forEach((g, ms) -> split.computeIfAbsent(id, x -> new LinkedHashMap<>()).merge(g, ms, Double::sum)));
                w.byName().forEach((n, ms) -> byName.merge(n, ms, Double::sum));
                w.kernel().forEach((id, k) -> kernel.merge(id, k, ThreadCpu.Kernel::plus));
            }
            return new Window(name, windows.getFirst().nodes(), MixedLoad.Result.merge(windows.stream().map(Window::load).toList()), cpu, jit,
                    windows.stream().map(Window::postgresCpu).reduce(Duration.ZERO, Duration::plus),
                    windows.stream().map(Window::nginxCpu).reduce(Duration.ZERO, Duration::plus), "", split, byName, kernel);
        }
    }

    public static void main(String[] args) throws Exception {
        Path pgdata = Path.of(System.getenv("PGDATA"));
        long postmaster = Long.parseLong(Files.readAllLines(pgdata.resolve("postmaster.pid")).getFirst().strip());
        Path dir = Files.createTempDirectory("chorus-scaleout-bench");
        ScaleOutBench bench = new ScaleOutBench(postmaster);
        try (S3TestServer s3 = S3TestServer.start();
                Cluster cluster = new Cluster(dir, TestDatabases.freshPostgresUrl(), s3.freshBucketUrl("bench"), bench.jvms())) {
            bench.pinCores(cluster);
            bench.seed(cluster);
            bench.signIn(cluster);
            System.err.printf("%d nodes up; warm-up ≥ %d s and %d requests per node, then %d pairs of %d s windows%n", cluster.nodes.size(), bench.warmup.toSeconds(),
                    bench.warmupPerNode, bench.pairs, bench.window.toSeconds());
            bench.print(bench.alternate(cluster));
        } finally {
            org.apache.commons.io.file.PathUtils.deleteDirectory(dir); // the nodes' caches and nginx's logs
        }
    }

    /** The nodes' JVM options ({@link #layout}): a node sized for one core gets -XX:ActiveProcessorCount=1. */
    private List<List<String>> jvms() {
        List<String> oneCore = new ArrayList<>(ChorusNode.SERVING_JVM);
        oneCore.add("-XX:ActiveProcessorCount=1");
        return switch (layout) {
            case EQUAL -> List.of(oneCore, oneCore);
            case SHARES -> List.of(ChorusNode.SERVING_JVM, oneCore, oneCore);
            case MACHINE -> List.of(ChorusNode.SERVING_JVM, ChorusNode.SERVING_JVM);
        };
    }

    /** The nodes sized for one core ({@link #layout}): the last two. */
    private List<ChorusNode> oneCoreNodes(Cluster cluster) {
        List<ChorusNode> all = cluster.nodes;
        return all.subList(all.size() - 2, all.size());
    }

    /** With {@link #pin}: every thread of the first one-core node on core 0, of the second on core 1 (threads started later inherit it). */
    private void pinCores(Cluster cluster) {
        if (!pin) {
            return;
        }
        List<ChorusNode> nodes = oneCoreNodes(cluster);
        for (int core = 0; core < 2; core++) {
            ChorusNode node = nodes.get(core);
            Processes.Result r = Processes.run(Path.of("."), Map.of(), 10, List.of("taskset", "-a", "-p", "-c", "" + core, "" + node.pid()));
            if (r.exitCode() != 0) {
                throw new IllegalStateException("taskset for " + node.id + ": " + r.output());
            }
        }
    }

    /**
     * The nodes serving window {@code w} (odd: one node, even: two): the one-core nodes together in a 2-node window;
     * a 1-node window's node is n1 with {@code shares}, otherwise n1 and n2 in turn (n1, n2, n1, …: one node serving
     * them all warmed faster than the other, and its figure kept falling window by window, 1.53 → 1.22 ms, 2026-12-05
     * 11:48; with {@code equal} each core serves alone in turn too).
     */
    private List<ChorusNode> serving(Cluster cluster, int w) {
        List<ChorusNode> all = cluster.nodes;
        if (w % 2 == 0) {
            return oneCoreNodes(cluster);
        }
        return List.of(layout == Layout.SHARES ? all.get(0) : all.get((w / 2) % 2));
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
            cluster.createModel("bench", scratch(0) + c, token);
            for (int w = 1; w <= 2 * pairs; w++) {
                cluster.createModel("bench", scratch(w) + c, token);
            }
            runs.add(json(ok(cluster.send("POST", "/api/2.0/mlflow/runs/create", token,
                    "{\"experiment_id\":\"" + experiment + "\",\"start_time\":1700000000000}"))).path("run").path("info").path("run_id").asText());
        }
    }

    /** Window {@code w}'s scratch repositories' name before the client's number; 0: the warm-up's and the switches'. */
    private static String scratch(int w) {
        return w == 0 ? "scratch-warm-" : "scratch-w" + w + "-";
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

    /**
     * Warms all nodes up together, then alternates 1-node and 2-node windows, each served by {@link #serving} (below,
     * n1 is a serving node and n2 one that is not). Before a window nginx is pointed at the serving nodes alone and
     * waits for its old worker's requests in flight (so n2 is in the middle of no request), then n2 is stopped: it
     * serves nothing and costs nothing. What n2 holds while stopped does not hold n1 up: its
     * PostgreSQL connections sit idle (its requests are done; its background threads, the change-log follower and
     * the download-count batch, read SQL and write its own search index), no lease is on the hub's request path
     * (leases are federated tasks', jobs' and weekly snapshots', none in this load), and its search index and block
     * cache are its own. A stall of n1 would show as errors or a longer p99, printed per window. A node about to serve
     * is resumed before nginx sends to it. Each switch is followed by
     * {@link #switchSettle} of unmeasured load.
     */
    private List<Window> alternate(Cluster cluster) throws Exception {
        scratch = scratch(0);
        List<Window> windows = new ArrayList<>();
        try (MixedLoad load = new MixedLoad(mix(cluster))) {
            load.start(clients);
            load.awaitWarm(new MixedLoad.Warmup(warmup, Duration.ofMinutes(4), cluster.nodes.size(), warmupPerNode));
            double backToBack = settleJit(cluster, load);
            rate = rateProperty.equals("auto") ? AUTO_SHARE * backToBack : Double.parseDouble(rateProperty);
            System.err.printf("back to back, all nodes: %.1f requests a second; the windows: %s%n", backToBack, pacing());
            for (int w = 1; w <= 2 * pairs; w++) {
                List<ChorusNode> serving = serving(cluster, w);
                int nodes = serving.size();
                serving.stream().filter(ChorusNode::frozen).forEach(ChorusNode::thaw);
                load.pace(rate * nodes);
                cluster.nginx.route(serving);
                cluster.nodes.stream().filter(n -> !serving.contains(n) && !n.frozen()).forEach(ChorusNode::freeze);
                scratch = scratch(0);
                Thread.sleep(switchSettle);
                scratch = scratch(w);
                Window measured = measure(cluster, load, w, nodes);
                System.err.printf("window %d, %d node(s): %d answers, %d errors in %.1f s, %.2f ms of Chorus CPU per request%n", w, nodes,
                        measured.load().ok(), measured.load().errors(), measured.load().seconds(), measured.chorusMsPerRequest());
                if (rate > 0 && measured.load().ok() / measured.load().seconds() < 0.95 * rate * nodes) {
                    System.err.printf("window %d: %.1f requests a second against %.0f asked: the machine did not keep up%n", w,
                            measured.load().ok() / measured.load().seconds(), rate * nodes);
                }
                if (measured.load().errors() * 100 > measured.load().ok()) {
                    throw new IllegalStateException(measured.load().errors() + " errors beside " + measured.load().ok() + " answers, first: "
                            + measured.load().firstErrors());
                }
                windows.add(measured);
            }
        } finally {
            cluster.nodes.stream().filter(ChorusNode::frozen).forEach(ChorusNode::thaw);
        }
        return windows;
    }

    /** One window: CPU of every node (a stopped one's stays put), PostgreSQL's and nginx's, read at its start and end. */
    private Window measure(Cluster cluster, MixedLoad load, int w, int nodes) throws InterruptedException {
        Map<String, Duration> before = new LinkedHashMap<>();
        Map<String, Duration> cpu = new LinkedHashMap<>();
        Map<String, Duration> jitBefore = new LinkedHashMap<>();
        Map<String, Duration> jit = new LinkedHashMap<>();
        Duration[] others = new Duration[4];
        String[] loadAverage = new String[2];
        Map<String, ThreadCpu.Snapshot> threadsBefore = new LinkedHashMap<>();
        Map<String, Map<String, Double>> split = new LinkedHashMap<>();
        Map<String, Double> byName = new HashMap<>();
        Map<String, ThreadCpu.Kernel> kernel = new LinkedHashMap<>();
        List<ChorusNode> serving = cluster.nodes.stream().filter(n -> !n.frozen()).toList();
        MixedLoad.Result result = load.measure(window, () -> {
            // CPU-time samples (JDK 25, Linux): execution samples are taken in wall time from threads in Java code, so a
            // thread waiting for a core is sampled too, and two JVMs on two busy cores looked twice as costly per request
            recording(serving, "JFR.start", null, "name=bench", "settings=profile", "jdk.CPUTimeSample#enabled=true");
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
                split.put(n.id, ThreadCpu.split(threadsBefore.get(n.id), after, cpu.get(n.id).toNanos() / 1e6));
                ThreadCpu.byName(threadsBefore.get(n.id), after).forEach((name, ms) -> byName.merge(name, ms, Double::sum));
                kernel.put(n.id, ThreadCpu.Kernel.between(threadsBefore.get(n.id), after));
            });
            others[2] = ProcCpu.withDescendants(postmaster).minus(others[0]);
            others[3] = cluster.nginx.cpu().minus(others[1]);
            loadAverage[1] = loadAverage();
            recording(serving, "JFR.stop", "w" + w + "-" + nodes + "n-", "name=bench");
        });
        return new Window("" + w, nodes, result, cpu, jit, others[2], others[3], loadAverage[0] + " → " + loadAverage[1], split, byName, kernel);
    }

    /**
     * Keeps the load on (the clients run meanwhile) until each node's JIT share over the last {@link #SETTLE_SPAN} is
     * at most {@link #jitSettled}, or settleMax: one reading of every node's CPU and JIT CPU per {@link #SETTLE_STEP}.
     * Returns the requests a second all nodes answered over that last span.
     */
    private double settleJit(Cluster cluster, MixedLoad load) throws InterruptedException {
        long deadline = System.nanoTime() + settleMax.toNanos();
        record Reading(long nanos, long answered, Map<String, Duration[]> cpu) {}
        java.util.Deque<Reading> readings = new java.util.ArrayDeque<>();
        while (true) {
            Map<String, Duration[]> cpu = new HashMap<>();
            cluster.nodes.forEach(n -> cpu.put(n.id, new Duration[] {n.cpu(), n.jitCpu()}));
            Reading now = new Reading(System.nanoTime(), load.answered(), cpu);
            readings.addLast(now);
            if (readings.size() > SETTLE_STEPS) {
                Reading first = readings.removeFirst();
                List<String> shares = new ArrayList<>();
                boolean settled = true;
                for (ChorusNode n : cluster.nodes) {
                    Duration[] a = first.cpu().get(n.id);
                    Duration[] b = now.cpu().get(n.id);
                    double share = (double) b[1].minus(a[1]).toMillis() / Math.max(1, b[0].minus(a[0]).toMillis());
                    shares.add(String.format("%s %.0f%%", n.id, 100 * share));
                    settled &= share <= jitSettled;
                }
                System.err.printf("JIT share of each node's CPU over the last %d s: %s%n", SETTLE_SPAN.toSeconds(), String.join(", ", shares));
                if (settled || System.nanoTime() > deadline) {
                    return (now.answered() - first.answered()) * 1e9 / (now.nanos() - first.nanos());
                }
            }
            Thread.sleep(SETTLE_STEP);
        }
    }

    private String pacing() {
        return rate > 0 ? String.format("requests paced to %.0f a second per serving node", rate) : "each client sending back to back";
    }

    /** jcmd on each of these nodes, when -Dbench.jfr asks for recordings ({@code JFR.stop} writes the file, prefix + node). */
    private void recording(List<ChorusNode> nodes, String command, String filePrefix, String... options) {
        if (jfr == null) {
            return;
        }
        for (ChorusNode n : nodes) {
            List<String> jcmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), "" + n.pid(), command));
            jcmd.addAll(List.of(options));
            if (filePrefix != null) {
                jcmd.add("filename=" + Path.of(jfr).toAbsolutePath().resolve(filePrefix + n.id + ".jfr"));
            }
            Processes.Result r = Processes.run(Path.of("."), Map.of(), 60, jcmd);
            if (r.exitCode() != 0) {
                throw new IllegalStateException(String.join(" ", jcmd) + ": " + r.output());
            }
        }
    }

    private void print(List<Window> windows) {
        System.out.printf("%n%d clients; %s warmed up together (≥ %d s and %d requests answered per node, then until each node's JIT threads"
                + " took ≤ %.0f%% of its CPU over %d s, at most %d s); then %d pairs of windows of %d s, 1 node then 2, each after %d s of load"
                + " not measured since the switch (nginx sends to the serving nodes only, the others are stopped, SIGSTOP); %s; CPU from /proc/PID/stat;"
                + " one PostgreSQL, one s3proxy bucket, nginx round robin%n%n", clients, switch (layout) {
                    case EQUAL -> "2 nodes seeing one core each" + (pin ? ", pinned to core 0 and core 1" : "") + " (the 1-node windows served by each in turn)";
                    case SHARES -> "3 nodes (n1 seeing both cores serves the 1-node windows, n2 and n3 seeing one core each the 2-node ones"
                            + (pin ? ", pinned to core 0 and core 1" : "") + ")";
                    case MACHINE -> "2 nodes (both seeing both cores; the 1-node windows served by n1 and n2 in turn)";
                }, warmup.toSeconds(), warmupPerNode,
                100 * jitSettled, SETTLE_SPAN.toSeconds(), settleMax.toSeconds(), pairs, window.toSeconds(), switchSettle.toSeconds(),
                pacing());
        System.out.println("| window | nodes | req/s | p50 ms | p99 ms | errors | Chorus CPU ms/req (per node: ms/req, share served) | of which JIT ms/req (share of each node's CPU) | PostgreSQL CPU ms/req | nginx CPU ms/req | cores used by the nodes | load average (1 min) |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (Window w : windows) {
            List<String> perNode = new ArrayList<>();
            long served = w.load().servedBy().values().stream().mapToLong(Long::longValue).sum();
            w.nodeCpu().forEach((id, cpu) -> perNode.add(String.format("%s %.2f, %.0f%%", id, w.msPerRequest(cpu),
                    100.0 * w.load().servedBy().getOrDefault(id, 0L) / served)));
            List<String> jitShares = new ArrayList<>();
            w.jitCpu().forEach((id, jit) -> jitShares.add(w.nodeCpu().get(id).isZero() ? id + " -"
                    : String.format("%s %.0f%%", id, 100.0 * jit.toNanos() / w.nodeCpu().get(id).toNanos())));
            System.out.printf("| %s | %d | %.1f | %.1f | %.1f | %d | **%.2f** (%s) | %.2f (%s) | %.2f | %.2f | %.2f | %s |%n", w.name(), w.nodes(),
                    w.load().ok() / w.load().seconds(), w.load().all().p50Ms(), w.load().all().p99Ms(), w.load().errors(), w.chorusMsPerRequest(),
                    String.join("; ", perNode), w.jitMsPerRequest(), String.join("; ", jitShares), w.msPerRequest(w.postgresCpu()),
                    w.msPerRequest(w.nginxCpu()), w.cores(), w.loadAverage());
        }
        System.out.println();
        System.out.println("| pair | 1 node ms/req | 2 nodes ms/req | coordination loss | with PostgreSQL's CPU | without the JIT threads |");
        System.out.println("|---|---|---|---|---|---|");
        List<Double> losses = new ArrayList<>();
        List<Double> withDb = new ArrayList<>();
        List<Double> withoutJit = new ArrayList<>();
        for (int p = 0; p + 1 < windows.size(); p += 2) {
            Window one = windows.get(p);
            Window two = windows.get(p + 1);
            losses.add(loss(one.chorusMsPerRequest(), two.chorusMsPerRequest()));
            withDb.add(loss(one.chorusMsPerRequest() + one.msPerRequest(one.postgresCpu()), two.chorusMsPerRequest() + two.msPerRequest(two.postgresCpu())));
            withoutJit.add(loss(one.chorusMsPerRequest() - one.jitMsPerRequest(), two.chorusMsPerRequest() - two.jitMsPerRequest()));
            System.out.printf("| %s+%s | %.2f | %.2f | %.1f%% | %.1f%% | %.1f%% |%n", one.name(), two.name(), one.chorusMsPerRequest(), two.chorusMsPerRequest(),
                    losses.getLast(), withDb.getLast(), withoutJit.getLast());
        }
        System.out.printf("%ncoordination loss of 2 nodes = 1 − (Chorus CPU/request with 1 node ÷ with 2), per pair of windows: median %.1f%% (%.1f%%–%.1f%%)"
                + " (goal ≤ 15%%); with PostgreSQL's CPU counted too: median %.1f%%; without the JIT threads: median %.1f%%%n", median(losses),
                java.util.Collections.min(losses), java.util.Collections.max(losses), median(withDb), median(withoutJit));
        Window one = Window.sum("1 node", windows.stream().filter(w -> w.nodes() == 1).toList());
        Window two = Window.sum("2 nodes", windows.stream().filter(w -> w.nodes() == 2).toList());
        System.out.printf("all windows of a setting together: 1 − %.2f/%.2f = %.1f%%%n", one.chorusMsPerRequest(), two.chorusMsPerRequest(),
                loss(one.chorusMsPerRequest(), two.chorusMsPerRequest()));
        System.out.println();
        System.out.println("| kind (windows of a setting together) | 1 node: req/s, p50 ms, p99 ms | 2 nodes: req/s, p50 ms, p99 ms |");
        System.out.println("|---|---|---|");
        for (int k = 0; k < one.load().kinds().size(); k++) {
            StringBuilder row = new StringBuilder("| " + one.load().kinds().get(k).name() + " |");
            for (Window s : List.of(one, two)) {
                MixedLoad.KindResult r = s.load().kinds().get(k);
                row.append(String.format(" %.1f, %.1f, %.1f |", r.ok() / s.load().seconds(), r.p50Ms(), r.p99Ms()));
            }
            System.out.println(row);
        }
        printSplit(one, two);
    }

    private static double loss(double oneNode, double twoNodes) {
        return 100 * (1 - oneNode / twoNodes);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /**
     * Where each setting's Chorus CPU went (its windows together), by thread group over all nodes, and each group's
     * share of the loss (its growth from 1 to 2 nodes ÷ the 2 nodes' CPU per request); then the busiest thread names.
     */
    private static void printSplit(Window one, Window two) {
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
        for (Window s : List.of(one, two)) {
            // the CPU the machine gave the nodes: with the same cores used, 2 nodes serving fewer requests is per-node cost
            System.out.printf("%s: the nodes used %.2f cores in the windows (the machine has %d); busiest threads (ms/req): %s%n", s.name(), s.cores(),
                    Runtime.getRuntime().availableProcessors(),
                    String.join(", ", s.byName().entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(10)
                            .map(e -> String.format("%s %.2f", e.getKey(), e.getValue() / s.load().ok())).toList()));
            // all nodes' requests as the divisor, as for the CPU: with two nodes each does half, and the sum compares with one
            System.out.printf("%s: kernel time and context switches of the nodes' threads per request (all nodes' requests): %s%n", s.name(),
                    String.join("; ", s.kernel().entrySet().stream().map(e -> String.format("%s %.3f ms system, %.2f voluntary, %.2f involuntary",
                            e.getKey(), e.getValue().systemMs() / s.load().ok(), (double) e.getValue().voluntary() / s.load().ok(),
                            (double) e.getValue().involuntary() / s.load().ok())).toList()));
        }
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
