package org.chorus.federated;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Port for the coordinator's checkpoints: the global model and strategy state after each completed
 * round, as safetensors bytes. A save is durable before it returns; the SQL row that names the round
 * is written after it (write, flush, then publish).
 */
public interface ModelStore {
    void save(String taskId, int round, byte[] checkpoint);

    Optional<byte[]> load(String taskId, int round);

    static ModelStore directory(Path dir) {
        return new DirectoryModelStore(dir);
    }

    static ModelStore inMemory() {
        return new MemoryModelStore();
    }
}
