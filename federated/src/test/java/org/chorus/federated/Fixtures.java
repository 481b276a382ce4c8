package org.chorus.federated;

import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.chorus.core.db.Database;
import org.chorus.core.db.TestDatabases;
import org.chorus.federated.tensor.ModelLayout;
import org.chorus.federated.tensor.Safetensors;
import org.chorus.federated.tensor.TensorSpec;
import org.chorus.federated.tensor.Weights;

/** A coordinator's surroundings for tests: SQLite, in-memory hub and tracking, checkpoints on disk. */
final class Fixtures implements AutoCloseable {
    static final String BASE = "org/base-model";
    static final ModelLayout LAYOUT = ModelLayout.of(List.of(new TensorSpec("fc.weight", new long[] {2, 3}), new TensorSpec("fc.bias", new long[] {3})));
    /**
     * Quick polling; heartbeats every second, so a node counts as alive for 3 s after its last call: with 200 ms
     * (0.6 s) a node on a machine loaded with parallel builds sometimes missed selection and a round waited out its deadline.
     */
    static final Coordinator.CoordinatorConfig FAST = new Coordinator.CoordinatorConfig(1_000, 20, 1_000_000);

    final Database db;
    final InMemoryHub hub = new InMemoryHub();
    final InMemoryTracking tracking = new InMemoryTracking();
    final ModelStore store;
    final Weights initial;

    Fixtures(Path dir) {
        this(dir, TestDatabases.sqlite(dir));
    }

    Fixtures(Path dir, Database db) {
        this.db = db;
        store = ModelStore.directory(dir.resolve("checkpoints"));
        float[] v = new float[LAYOUT.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = 0.5f - 0.1f * i;
        }
        initial = new Weights(LAYOUT, v);
        hub.put(BASE, "main", "model.safetensors", Safetensors.write(initial, Map.of()));
    }

    Coordinator start() {
        return start(FAST);
    }

    Coordinator start(Coordinator.CoordinatorConfig config) {
        return Coordinator.start(db, new Coordinator.Ports(hub, hub, tracking, store), config, Clock.systemUTC());
    }

    /** A coordinator that is one node of several on this database. */
    Coordinator start(TaskLease lease) {
        return Coordinator.start(db, new Coordinator.Ports(hub, hub, tracking, store), FAST, Clock.systemUTC(), lease);
    }

    /** A started coordinator serving one federation, {@code fed}, in process under {@code name}. */
    record Running(Coordinator coordinator, FederatedServer server, ManagedChannel channel, String token) implements AutoCloseable {
        List<RawNode> rawNodes(int n) {
            List<RawNode> nodes = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                nodes.add(new RawNode(channel, "fed", token, "n" + i));
            }
            return nodes;
        }

        /** Stops the coordinator's loops, e.g. before asserting on what they wrote; safe to call again. */
        void stop() {
            channel.shutdownNow();
            server.close();
            coordinator.close();
        }

        @Override
        public void close() {
            stop();
        }
    }

    Running running(String name) {
        Coordinator c = start();
        return new Running(c, FederatedServer.inProcess(c, name), InProcessChannelBuilder.forName(name).build(), c.createFederation("fed"));
    }

    /** As {@link #running(String)}, but on a TCP port, so gRPC's transport limits (message size, framing) apply. */
    Running runningTcp() {
        Coordinator c = start();
        FederatedServer server = FederatedServer.tcp(c, 0);
        return new Running(c, server, NettyChannelBuilder.forAddress("localhost", server.port()).usePlaintext().build(), c.createFederation("fed"));
    }

    @Override
    public void close() {
        db.close();
    }
}
