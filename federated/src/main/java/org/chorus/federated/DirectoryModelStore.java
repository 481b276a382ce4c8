package org.chorus.federated;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;

/** Checkpoints as files {@code <dir>/<task>/round-<n>.safetensors}, written to a temporary file, fsynced, renamed. */
final class DirectoryModelStore implements ModelStore {
    private final Path dir;

    DirectoryModelStore(Path dir) {
        this.dir = dir;
    }

    @Override
    public void save(String taskId, int round, byte[] checkpoint) {
        Path target = file(taskId, round);
        try {
            Files.createDirectories(target.getParent());
            Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(java.nio.ByteBuffer.wrap(checkpoint));
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Path previous = file(taskId, round - 2);
            Files.deleteIfExists(previous);
        } catch (IOException e) {
            throw new ChorusException(ErrorCode.UNAVAILABLE, "cannot write checkpoint " + target + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<byte[]> load(String taskId, int round) {
        try {
            return Optional.of(Files.readAllBytes(file(taskId, round)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new ChorusException(ErrorCode.UNAVAILABLE, "cannot read checkpoint: " + e.getMessage(), e);
        }
    }

    private Path file(String taskId, int round) {
        return dir.resolve(taskId).resolve("round-" + round + ".safetensors");
    }
}
