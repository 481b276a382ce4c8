package org.chorus.federated;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

final class MemoryModelStore implements ModelStore {
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();

    @Override
    public void save(String taskId, int round, byte[] checkpoint) {
        files.put(taskId + "/" + round, checkpoint.clone());
    }

    @Override
    public Optional<byte[]> load(String taskId, int round) {
        return Optional.ofNullable(files.get(taskId + "/" + round));
    }
}
