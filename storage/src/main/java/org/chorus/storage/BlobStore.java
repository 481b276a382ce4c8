package org.chorus.storage;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Named immutable files outside the chunk store's own namespace, in the same backend (directory or S3): git packs,
 * upload staging, checkpoints — whatever must survive the loss of the node that wrote it. Names are relative to the
 * namespace the store was opened for, use '/' and [0-9a-z._-]; the chunk store's garbage collection never touches them.
 */
public interface BlobStore {
    record Info(String name, long size, Instant lastModified) {}

    /** Blobs in {@code dir} on the local disk, for tests and tools that need no chunk store. */
    static BlobStore directory(Path dir) {
        return new NamespacedBlobs(new DirectoryObjectStore(dir), "");
    }

    /**
     * Moves the files an older Chorus kept under {@code dir} in a node's data directory into {@code into}, under the
     * same relative names, each deleted only after its copy is stored, so a start interrupted midway moves the rest
     * next time. Leftover temporaries of those layouts (names starting with '.' or ending in {@code .tmp}) are dropped.
     */
    static void moveDirectory(Path dir, BlobStore into) {
        if (!java.nio.file.Files.isDirectory(dir)) {
            return;
        }
        BlobStore legacy = directory(dir);
        for (Info blob : legacy.list("")) {
            Path file = dir.resolve(blob.name());
            String fileName = file.getFileName().toString();
            if (!fileName.startsWith(".") && !fileName.endsWith(".tmp")) {
                into.put(blob.name(), file);
            }
            try {
                java.nio.file.Files.deleteIfExists(file);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    /** Streams {@code in} into the blob {@code name}; durable and visible all at once when this returns, absent if it fails. */
    void put(String name, InputStream in);

    /** {@link #put(String, InputStream)} from a file. */
    default void put(String name, Path file) {
        try (InputStream in = java.nio.file.Files.newInputStream(file)) {
            put(name, in);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Bytes {@code [start, end)}; NOT_FOUND if absent, RANGE_NOT_SATISFIABLE if outside. */
    InputStream open(String name, long start, long end);

    /**
     * Bytes {@code [start, end)} read whole, for a caller that knows the size: one GET on S3 where {@link #open} first
     * asks for the size (a second round trip); NOT_FOUND if absent, RANGE_NOT_SATISFIABLE if outside.
     */
    byte[] getRange(String name, long start, long end);

    /** The blob as a local file where the backend keeps it so (read it in place); empty otherwise. */
    Optional<Path> localFile(String name);

    Optional<Info> stat(String name);

    /** Blobs whose names start with {@code prefix}, sorted by name. */
    List<Info> list(String prefix);

    /** Removes the blob if present. */
    void delete(String name);
}
