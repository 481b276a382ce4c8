package org.chorus.hub.lfs;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

/**
 * The bytes of large files, addressed by their SHA-256 (the git-lfs oid). The server uses the chunk store; the
 * directory implementation is the simple reference the contract tests compare against. Objects are immutable; a put either publishes verified bytes or changes nothing.
 */
public interface LargeFileStore {

    static LargeFileStore directory(Path dir) {
        return new DirectoryLargeFileStore(dir);
    }

    /** The chunk-store files the hub's large files keep alive, for garbage collection. */
    static org.chorus.storage.RootSource chunkRoots(org.chorus.core.db.Database db) {
        return ChunkLargeFileStore.roots(db);
    }

    /**
     * Forgets the chunk store's large files that no repository records and nothing used since {@code cutoff} (those of
     * deleted repositories), so that gc then removes their chunks.
     */
    static Forgotten forgetUnreferenced(org.chorus.core.db.Database db, Instant cutoff) {
        List<Long> sizes = LargeFileRows.forgetUnreferenced(db, cutoff.toEpochMilli());
        return new Forgotten(sizes.size(), sizes.stream().mapToLong(Long::longValue).sum());
    }

    /** What {@link #forgetUnreferenced} forgot; {@link #toString()} prints it for the CLI. */
    record Forgotten(int files, long bytes) {
        @Override
        public String toString() {
            return "forgot " + files + " large files no repository references (" + bytes + " bytes)";
        }
    }

    /** Large files deduplicated in the chunk store; multipart parts are staged as its blobs ({@code blobs/lfs-parts/}). */
    static LargeFileStore chunked(org.chorus.storage.ChunkStore chunks, org.chorus.core.db.Database db, java.time.Clock clock) {
        return new ChunkLargeFileStore(chunks, db, clock);
    }

    /**
     * Stores the stream if its SHA-256 and size are the announced ones; otherwise INVALID_ARGUMENT and
     * nothing is stored. Storing an object that exists already is a no-op after verification.
     */
    void put(String sha256, long size, InputStream bytes);

    /**
     * Whether the object is stored with this size, marking it as in use now: called before a repository records it,
     * so that gc, which forgets objects no repository records once their mark is older than its grace period, cannot
     * forget it in between.
     */
    boolean keep(String sha256, long size);

    /** The object's size, or empty if it is not stored. */
    OptionalLong size(String sha256);

    /** Reads {@code length} bytes from {@code offset}; NOT_FOUND if absent. */
    InputStream open(String sha256, long offset, long length);

    /**
     * Parts of a multipart upload, kept in a staging area keyed by {@code uploadKey} until {@link #completeParts}
     * joins them (in part-number order) into one verified object.
     */
    void putPart(String uploadKey, int partNumber, InputStream bytes);

    /**
     * Joins the parts {@link #putPart} staged into the object {@code sha256} of {@code size} bytes, running
     * {@code stored} once the object is stored and before the parts are deleted: a concurrent completion that finds the
     * parts gone then finds whatever {@code stored} recorded.
     */
    void completeParts(String uploadKey, int partCount, String sha256, long size, Runnable stored);

    /** Whether s is a lower-case hex SHA-256. */
    static boolean isSha256(String s) {
        return s != null && s.length() == 64 && s.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }
}
