package org.chorus.server.fl;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.federated.ModelStore;
import org.chorus.storage.BlobStore;

/**
 * Coordinator checkpoints as blobs {@code <task>/round-<n>.safetensors} of the storage backend, so a task taken over
 * by another node resumes from the last committed round without the first node's disk. Two rounds are kept: the one
 * a resumed task loads and the one before, which an in-flight reader may still hold.
 */
final class BlobModelStore implements ModelStore {
    private final BlobStore blobs;

    BlobModelStore(BlobStore blobs) {
        this.blobs = blobs;
    }

    @Override
    public void save(String taskId, int round, byte[] checkpoint) {
        blobs.put(name(taskId, round), new ByteArrayInputStream(checkpoint));
        blobs.delete(name(taskId, round - 2));
    }

    @Override
    public Optional<byte[]> load(String taskId, int round) {
        String name = name(taskId, round);
        Optional<BlobStore.Info> info = blobs.stat(name);
        if (info.isEmpty()) {
            return Optional.empty();
        }
        try (InputStream in = blobs.open(name, 0, info.get().size())) {
            return Optional.of(in.readAllBytes());
        } catch (IOException | UncheckedIOException e) {
            throw new ChorusException(ErrorCode.UNAVAILABLE, "cannot read checkpoint " + name + ": " + e.getMessage(), e);
        }
    }

    private static String name(String taskId, int round) {
        return taskId + "/round-" + round + ".safetensors";
    }
}
