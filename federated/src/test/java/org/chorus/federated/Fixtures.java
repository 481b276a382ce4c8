package org.chorus.federated;

import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
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
    static final Coordinator.CoordinatorConfig FAST = new Coordinator.CoordinatorConfig(200, 20, 1_000_000);

    final Database db;
    final InMemoryHub hub = new InMemoryHub();
    final InMemoryTracking tracking = new InMemoryTracking();
    final ModelStore store;
    final Weights initial;

    Fixtures(Path dir) {
        db = TestDatabases.sqlite(dir);
        store = ModelStore.directory(dir.resolve("checkpoints"));
        float[] v = new float[LAYOUT.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = 0.5f - 0.1f * i;
        }
        initial = new Weights(LAYOUT, v);
        hub.put(BASE, "main", "model.safetensors", Safetensors.write(initial, Map.of()));
    }

    Coordinator start() {
        return Coordinator.start(db, new Coordinator.Ports(hub, hub, tracking, store), FAST, Clock.systemUTC());
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

    @Override
    public void close() {
        db.close();
    }
}
