package org.chorus.federated.bench;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.chorus.core.FileTrees;
import org.chorus.core.db.Database;
import org.chorus.core.db.DatabaseUrl;
import org.chorus.federated.Coordinator;
import org.chorus.federated.FederatedServer;
import org.chorus.federated.InMemoryHub;
import org.chorus.federated.InMemoryTracking;
import org.chorus.federated.ModelStore;
import org.chorus.federated.proto.v1.FederationGrpc;
import org.chorus.federated.proto.v1.HeartbeatReply;
import org.chorus.federated.proto.v1.HeartbeatRequest;
import org.chorus.federated.proto.v1.ProtocolVersion;
import org.chorus.federated.proto.v1.RegisterReply;
import org.chorus.federated.proto.v1.RegisterRequest;

/**
 * How many idle nodes one coordinator holds: N nodes register over TCP and heartbeat through the real gRPC server at
 * the interval it tells them (paced to 2,000 beats a second per federation). A simulated node is as cheap as it can be:
 * its session's two strings and its next beat on a shared timer, its calls on 16 shared HTTP/2 connections (nodes
 * behind one gateway), no thread of its own. Once every node has beaten once (warm-up: its first beat loads its
 * session from SQL), we measure for the given seconds and report heartbeats served, failures, their latency (p50, p99), and the
 * heap the coordinator holds: heap after a full GC with the coordinator running and the simulated nodes' sessions
 * dropped, minus heap before it started (the bench's own arrays were allocated by then). The floor beside the latency:
 * one registered node's back-to-back heartbeats before the fleet beats.
 */
public final class NodeCapacityBench {
    /** What one run saw; latencies in microseconds, heap in bytes. */
    public record Figure(int nodes, long heartbeats, long failures, double seconds, long heapBytes, long intervalMs, double p50Micros,
                         double p99Micros, double registerSeconds, double aloneP50Micros) {}

    private static final int CONNECTIONS = 16;
    private static final int IN_FLIGHT = 512;
    private static final int REGISTERED_OVER_GRPC = 1_000;

    private NodeCapacityBench() {}

    /** Registers {@code nodes} and lets them heartbeat for {@code seconds}, first every {@code heartbeatMs} (the server may stretch it). */
    public static Figure measure(int nodes, long heartbeatMs, double seconds) throws Exception {
        // in memory where the machine has it: registering 100,000 nodes is 100,000 commits, and fsync is not what is measured
        Path shm = Path.of("/dev/shm");
        Path dir = Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "chorus-fl-nodes")
                : Files.createTempDirectory("chorus-fl-nodes");
        try {
            return run(dir, nodes, heartbeatMs, seconds);
        } finally {
            FileTrees.delete(dir);
        }
    }

    private static Figure run(Path dir, int nodes, long heartbeatMs, double seconds) throws Exception {
        String[] ids = new String[nodes];
        String[] secrets = new String[nodes];
        long[] latencies = new long[(int) Math.min(Integer.MAX_VALUE - 8, nodes * 4L + (long) (seconds * 4_000))];
        long before = heap();
        InMemoryHub hub = new InMemoryHub();
        Database db = Database.open(DatabaseUrl.sqlite(dir.resolve("nodes.db")));
        Coordinator c = Coordinator.start(db, new Coordinator.Ports(hub, hub, new InMemoryTracking(), ModelStore.inMemory()),
                new Coordinator.CoordinatorConfig(heartbeatMs, 1_000, 2_000, 2_000), Clock.systemUTC());
        FederatedServer server = FederatedServer.tcp(c, 0);
        ManagedChannel[] channels = new ManagedChannel[CONNECTIONS];
        for (int i = 0; i < CONNECTIONS; i++) {
            channels[i] = NettyChannelBuilder.forAddress("localhost", server.port()).usePlaintext().build();
        }
        String token = c.createFederation("capacity");

        // register: the first nodes over gRPC, one at a time (each is a write transaction); the others' rows are written
        // in one batch, as nodes that registered before the coordinator restarted: their first beat loads them from SQL
        Semaphore window = new Semaphore(1);
        AtomicLong failures = new AtomicLong();
        int viaGrpc = Math.min(nodes, REGISTERED_OVER_GRPC);
        long registerStart = System.nanoTime();
        for (int i = 0; i < viaGrpc; i++) {
            window.acquire();
            int n = i;
            FederationGrpc.newStub(channels[n % CONNECTIONS]).register(RegisterRequest.newBuilder().setProtocolVersion(ProtocolVersion.PROTOCOL_VERSION_1)
                    .setFederation("capacity").setJoinToken(token).setNodeName("node-" + n).build(), new Reply<RegisterReply>(window, failures) {
                        @Override
                        public void onNext(RegisterReply r) {
                            ids[n] = r.getSession().getNodeId();
                            secrets[n] = r.getSession().getSessionToken();
                        }
                    });
        }
        window.acquire();
        double registerSeconds = (System.nanoTime() - registerStart) / 1e9;
        window.release(IN_FLIGHT + 1);
        double aloneP50 = alone(channels[0], ids[0], secrets[0]);
        seed(db, viaGrpc, nodes, ids, secrets);

        // heartbeat: each node at the interval the last reply told it, first beats spread over the paced interval
        long firstSpreadMs = Math.max(heartbeatMs, nodes / 2L); // nodes / (2,000 a second), in ms
        AtomicInteger beats = new AtomicInteger();
        AtomicLong told = new AtomicLong(heartbeatMs);
        boolean[] joined = new boolean[nodes]; // a node's first beat loads it from SQL: warm-up, not measured
        AtomicInteger joinedCount = new AtomicInteger();
        long[] end = {Long.MAX_VALUE};
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("bench-beats").factory());
        for (int i = 0; i < nodes; i++) {
            if (ids[i] != null) {
                int n = i;
                timer.schedule(() -> beat(n, ids, secrets, channels, timer, end, joined, joinedCount, latencies, beats, failures, told, window),
                        (long) (firstSpreadMs * (i / (double) nodes)), TimeUnit.MILLISECONDS);
            }
        }
        long warmUpEnd = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (joinedCount.get() < nodes && System.nanoTime() < warmUpEnd) {
            Thread.sleep(200);
        }
        beats.set(0);
        failures.set(0);
        end[0] = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < end[0]) {
            Thread.sleep(200);
        }
        timer.shutdownNow();
        window.acquire(IN_FLIGHT); // beats still in flight
        window.release(IN_FLIGHT);
        int connected = c.connectedNodes();

        Arrays.fill(ids, null); // the simulated nodes' sessions go; the coordinator's copies stay
        Arrays.fill(secrets, null);
        long held = heap() - before;
        Arrays.stream(channels).forEach(ManagedChannel::shutdownNow);
        server.close();
        c.close();
        db.close();

        int served = Math.min(beats.get(), latencies.length);
        long[] sorted = Arrays.copyOf(latencies, served);
        Arrays.sort(sorted);
        return new Figure(connected, beats.get(), failures.get(), seconds, held, told.get(),
                percentile(sorted, 0.50) / 1e3, percentile(sorted, 0.99) / 1e3, registerSeconds, aloneP50);
    }

    /** The floor: p50 of one node's back-to-back heartbeats (µs) while the others are not beating yet. */
    private static double alone(ManagedChannel channel, String id, String secret) {
        HeartbeatRequest beat = HeartbeatRequest.newBuilder().setSession(org.chorus.federated.proto.v1.Session.newBuilder().setNodeId(id)
                .setSessionToken(secret)).build();
        FederationGrpc.FederationBlockingStub stub = FederationGrpc.newBlockingStub(channel);
        long[] took = new long[1_000];
        for (int i = 0; i < took.length; i++) {
            long start = System.nanoTime();
            stub.heartbeat(beat);
            took[i] = System.nanoTime() - start;
        }
        Arrays.sort(took);
        return percentile(took, 0.50) / 1e3;
    }

    /** Writes nodes {@code from}…{@code to - 1} of federation "capacity" with fresh sessions, stored as the coordinator does (SHA-256, hex). */
    private static void seed(Database db, int from, int to, String[] ids, String[] secrets) throws Exception {
        String federation = db.withHandle(h -> h.createQuery("SELECT id FROM fl_federations WHERE name = 'capacity'").mapTo(String.class).one());
        java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
        java.util.HexFormat hex = java.util.HexFormat.of();
        long now = System.currentTimeMillis();
        db.useTransaction(h -> {
            var batch = h.prepareBatch("INSERT INTO fl_nodes (id, federation_id, name, session_hash, properties, registered_at)"
                    + " VALUES (:id, :f, :name, :hash, '{}', :at)");
            for (int i = from; i < to; i++) {
                ids[i] = org.chorus.core.Ids.newId(Clock.systemUTC());
                secrets[i] = "hf_bench_" + java.util.UUID.randomUUID().toString().replace("-", "");
                batch.bind("id", ids[i]).bind("f", federation).bind("name", "node-" + i)
                        .bind("hash", hex.formatHex(sha.digest(secrets[i].getBytes(java.nio.charset.StandardCharsets.UTF_8)))).bind("at", now).add();
            }
            batch.execute();
        });
    }

    private static void beat(int n, String[] ids, String[] secrets, ManagedChannel[] channels, ScheduledExecutorService timer, long[] end,
                             boolean[] joined, AtomicInteger joinedCount, long[] latencies, AtomicInteger beats, AtomicLong failures,
                             AtomicLong told, Semaphore window) {
        if (System.nanoTime() >= end[0] || !window.tryAcquire()) {
            if (System.nanoTime() < end[0]) {
                timer.schedule(() -> beat(n, ids, secrets, channels, timer, end, joined, joinedCount, latencies, beats, failures, told, window),
                        10, TimeUnit.MILLISECONDS);
            }
            return;
        }
        long start = System.nanoTime();
        FederationGrpc.newStub(channels[n % CONNECTIONS]).heartbeat(HeartbeatRequest.newBuilder().setSession(
                org.chorus.federated.proto.v1.Session.newBuilder().setNodeId(ids[n]).setSessionToken(secrets[n])).build(),
                new Reply<HeartbeatReply>(window, failures) {
                    @Override
                    public void onNext(HeartbeatReply r) {
                        if (!joined[n]) {
                            joined[n] = true;
                            joinedCount.incrementAndGet();
                        } else if (end[0] != Long.MAX_VALUE) {
                            int at = beats.getAndIncrement();
                            if (at < latencies.length) {
                                latencies[at] = System.nanoTime() - start;
                            }
                        }
                        told.set(r.getHeartbeatIntervalMs());
                        if (!timer.isShutdown()) {
                            timer.schedule(() -> beat(n, ids, secrets, channels, timer, end, joined, joinedCount, latencies, beats, failures, told,
                                    window), r.getHeartbeatIntervalMs(), TimeUnit.MILLISECONDS);
                        }
                    }
                });
    }

    /** A reply that frees its place in the window when the call ends, and counts a failure. */
    private abstract static class Reply<T> implements StreamObserver<T> {
        private final Semaphore window;
        private final AtomicLong failures;

        Reply(Semaphore window, AtomicLong failures) {
            this.window = window;
            this.failures = failures;
        }

        @Override
        public void onError(Throwable t) {
            failures.incrementAndGet();
            window.release();
        }

        @Override
        public void onCompleted() {
            window.release();
        }
    }

    private static double percentile(long[] sorted, double q) {
        return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))];
    }

    private static long heap() {
        Runtime r = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return r.totalMemory() - r.freeMemory();
    }

    /** Arguments: node count (default 100,000) and seconds of heartbeats (default 120). */
    public static void main(String[] args) throws Exception {
        int nodes = args.length > 0 ? Integer.parseInt(args[0].replace("_", "").replace(",", "")) : 100_000;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 120;
        Figure f = measure(nodes, 5_000, seconds);
        System.out.printf(Locale.ROOT, "%-28s %s%n", "idle nodes connected", String.format(Locale.ROOT, "%,d (the first %,d registered over gRPC in %.1f s)",
                f.nodes(), Math.min(nodes, REGISTERED_OVER_GRPC), f.registerSeconds()));
        System.out.printf(Locale.ROOT, "%-28s %,d ms (server-paced: %,d nodes at <= 2,000 beats/s)%n", "heartbeat interval told", f.intervalMs(), nodes);
        System.out.printf(Locale.ROOT, "%-28s %,d in %.0f s (%.0f/s), %d failed%n", "heartbeats served", f.heartbeats(), f.seconds(),
                f.heartbeats() / f.seconds(), f.failures());
        System.out.printf(Locale.ROOT, "%-28s p50 %.0f µs, p99 %.0f µs; one node alone, back to back: p50 %.0f µs (ratio %.2f)%n",
                "heartbeat latency", f.p50Micros(), f.p99Micros(), f.aloneP50Micros(), f.p50Micros() / f.aloneP50Micros());
        System.out.printf(Locale.ROOT, "%-28s %.1f MiB (%.0f bytes a node)%n", "coordinator heap", f.heapBytes() / 1048576.0,
                f.heapBytes() / (double) Math.max(1, f.nodes()));
    }
}
