package org.chorus.storage;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A flat namespace of immutable objects (memory, directory, S3). {@link #put} is atomic and durable: when it
 * returns the object survives a crash, and no reader ever sees part of one. Names use '/' and [0-9a-z._-].
 */
interface ObjectStore extends AutoCloseable {
    record Info(String name, long size, Instant lastModified) {}

    void put(String name, byte[] data);

    /**
     * Puts an empty object whose only use is its time (a gc mark), visible to every process when this returns but,
     * where the backend can, not made durable: for a mark that a durable object naming the same things follows, a
     * crash that loses the mark loses nothing (two fsyncs less per mark on a directory).
     */
    default void mark(String name) {
        put(name, new byte[0]);
    }

    /**
     * An object written piece by piece, so large objects never sit whole in memory; {@link Draft#publish} then makes
     * it visible and durable as {@link #put} would. Stores without a better way collect the bytes in memory.
     */
    default Draft draft() {
        return new Draft.InMemory(this);
    }

    /** Bytes {@code [start, end)} as a stream (RANGE_NOT_SATISFIABLE as {@link #getRange}); backends stream them. */
    default java.io.InputStream openRange(String name, long start, long end) {
        return new java.io.ByteArrayInputStream(getRange(name, start, end));
    }

    /** The object's bytes as a local file, where the backend keeps them so (zero-copy serving); empty otherwise. */
    default Optional<java.nio.file.Path> localFile(String name) {
        return Optional.empty();
    }

    /** A local directory this store's readers may keep a cache in (see {@link FileCache}), if it lives on a local disk. */
    default Optional<java.nio.file.Path> cacheDirectory() {
        return Optional.empty();
    }

    /** The whole object; NOT_FOUND if absent. */
    byte[] get(String name);

    /** Bytes {@code [start, end)}; RANGE_NOT_SATISFIABLE if they are not all inside the object. */
    byte[] getRange(String name, long start, long end);

    Optional<Info> stat(String name);

    default boolean exists(String name) {
        return stat(name).isPresent();
    }

    /** Every object whose name starts with {@code prefix}, sorted by name. */
    List<Info> list(String prefix);

    /** Removes the object if present. */
    void delete(String name);

    /**
     * Partial files of puts that never finished (a process killed mid-write), named as {@link #deleteTemporary} takes
     * them; none where a put leaves nothing behind when it fails (memory, S3's single-request puts).
     */
    default List<Info> temporaries() {
        return List.of();
    }

    /** Removes a temporary {@link #temporaries} listed, if it is still there. */
    default void deleteTemporary(String name) {}

    @Override
    default void close() {}
}
