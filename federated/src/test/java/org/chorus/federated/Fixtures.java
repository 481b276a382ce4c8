package org.chorus.federated;

import java.nio.file.Path;
import java.time.Clock;
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

    @Override
    public void close() {
        db.close();
    }
}
