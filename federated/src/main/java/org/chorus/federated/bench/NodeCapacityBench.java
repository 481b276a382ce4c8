package org.chorus.federated.bench;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
import org.chorus.federated.proto.v1.HeartbeatRequest;
import org.chorus.federated.proto.v1.ProtocolVersion;
import org.chorus.federated.proto.v1.RegisterRequest;
import org.chorus.federated.proto.v1.Session;

/**
 * How many idle nodes one coordinator holds: N nodes register over TCP (sharing a few HTTP/2
 * connections, as nodes behind one gateway would) and heartbeat at the coordinator's interval; we
 * report heartbeats served, failures and the coordinator's heap growth after a full GC.
 */
public final class NodeCapacityBench {
    /** What one run saw. */
    public record Figure(int nodes, long heartbeats, long failures, double seconds, long heapBytes) {}

    private NodeCapacityBench() {}

    public static Figure measure(int nodes, long heartbeatMs, double seconds) throws Exception {
        Path dir = Files.createTempDirectory("chorus-fl-nodes");
        InMemoryHub hub = new InMemoryHub();
        long heapBefore = heap();
        try (Database db = Database.open(DatabaseUrl.sqlite(dir.resolve("nodes.db")));
             Coordinator c = Coordinator.start(db, new Coordinator.Ports(hub, hub, new InMemoryTracking(), ModelStore.inMemory()),
                     new Coordinator.CoordinatorConfig(heartbeatMs, 1_000, 2_000), Clock.systemUTC());
             FederatedServer server = FederatedServer.tcp(c, 0)) {
            String token = c.createFederation("capacity");
            List<ManagedChannel> channels = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                channels.add(NettyChannelBuilder.forAddress("localhost", server.port()).usePlaintext().build());
            }
            List<Session> sessions = java.util.Collections.synchronizedList(new ArrayList<>());
            try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
                for (int i = 0; i < nodes; i++) {
                    int n = i;
                    pool.submit(() -> sessions.add(FederationGrpc.newBlockingStub(channels.get(n % channels.size())).register(
                            RegisterRequest.newBuilder().setProtocolVersion(ProtocolVersion.PROTOCOL_VERSION_1).setFederation("capacity")
                                    .setJoinToken(token).setNodeName("node-" + n).build()).getSession()));
                }
            }
            AtomicLong beats = new AtomicLong();
            AtomicLong failures = new AtomicLong();
            long end = System.nanoTime() + (long) (seconds * 1e9);
            try (ExecutorService nodesLoop = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < sessions.size(); i++) {
                    Session s = sessions.get(i);
                    FederationGrpc.FederationBlockingStub stub = FederationGrpc.newBlockingStub(channels.get(i % channels.size()));
                    long offset = (long) (heartbeatMs * (i / (double) sessions.size()));
                    nodesLoop.submit(() -> {
                        Thread.sleep(offset);
                        while (System.nanoTime() < end) {
                            try {
                                stub.heartbeat(HeartbeatRequest.newBuilder().setSession(s).build());
                                beats.incrementAndGet();
                            } catch (RuntimeException e) {
                                failures.incrementAndGet();
                            }
                            Thread.sleep(heartbeatMs);
                        }
                        return null;
                    });
                }
            }
            long heap = heap() - heapBefore;
            channels.forEach(ManagedChannel::shutdownNow);
            return new Figure(c.connectedNodes(), beats.get(), failures.get(), seconds, heap);
        } finally {
            FileTrees.delete(dir);
        }
    }

    private static long heap() {
        Runtime r = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return r.totalMemory() - r.freeMemory();
    }

    public static void main(String[] args) throws Exception {
        int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        Figure f = measure(nodes, 5_000, 20);
        System.out.printf(Locale.ROOT, "nodes %,d connected, %,d heartbeats in %.0f s (%.0f/s), %d failed, heap growth %.1f MiB (benchmark's own clients included)%n",
                f.nodes(), f.heartbeats(), f.seconds(), f.heartbeats() / f.seconds(), f.failures(), f.heapBytes() / 1048576.0);
    }
}
