package org.chorus.hub.lfs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.storage.FullDisk;

/**
 * Parts of multipart uploads, staged at {@code <dir>/<uploadKey>/<part number>} until the last one arrives. Each part is
 * written to a temp file, fsynced and renamed, so a part is either whole or absent and a retried part replaces it.
 */
final class StagedParts {
    private final Path dir;

    StagedParts(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path partDir(String uploadKey) {
        if (!uploadKey.matches("[A-Za-z0-9_-]{8,128}")) {
            throw ChorusException.invalid("malformed upload key");
        }
        return dir.resolve(uploadKey);
    }

    void put(String uploadKey, int partNumber, InputStream bytes) {
        if (partNumber < 1 || partNumber > 99_999) {
            throw ChorusException.invalid("part number must be between 1 and 99999");
        }
        Path parts = partDir(uploadKey);
        Path tmp = null;
        try {
            Files.createDirectories(parts);
            tmp = Files.createTempFile(parts, "part-", ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE); OutputStream out = Channels.newOutputStream(ch)) {
                bytes.transferTo(out);
                ch.force(true);
            }
            Files.move(tmp, parts.resolve(Integer.toString(partNumber)), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // a failed part leaves nothing: on a full disk its temp file would keep the disk full
            deleteQuietly(tmp);
            if (FullDisk.is(e)) {
                throw new ChorusException(ErrorCode.STORAGE_FULL, "storage is full while staging part " + partNumber + " of an upload", e);
            }
            throw new ChorusException(ErrorCode.UNAVAILABLE, "cannot store upload part: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            deleteQuietly(tmp);
            throw e;
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            if (p != null) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // what cannot be deleted now is deleted with the upload's other parts
        }
    }

    /** Hands parts 1..{@code partCount} as one stream to {@code sink}; deletes them once the sink succeeded. */
    void complete(String uploadKey, int partCount, Consumer<InputStream> sink) {
        Path parts = partDir(uploadKey);
        List<InputStream> streams = new ArrayList<>();
        try {
            for (int i = 1; i <= partCount; i++) {
                Path p = parts.resolve(Integer.toString(i));
                if (!Files.exists(p)) {
                    throw ChorusException.invalid("part " + i + " of " + partCount + " was never uploaded");
                }
                streams.add(Files.newInputStream(p));
            }
            try (InputStream all = new SequenceInputStream(Collections.enumeration(streams))) {
                sink.accept(all);
            }
        } catch (IOException e) {
            throw new ChorusException(ErrorCode.UNAVAILABLE, "cannot join upload parts: " + e.getMessage(), e);
        } finally {
            for (InputStream s : streams) {
                try {
                    s.close();
                } catch (IOException e) {
                    // closing a read stream
                }
            }
        }
        delete(parts);
    }

    private static void delete(Path parts) {
        try (var files = Files.list(parts)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(parts);
        } catch (IOException e) {
            // leftover parts are garbage
        }
    }
}
