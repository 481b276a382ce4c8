package org.chorus.storage;

import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The content-addressed store every byte in Chorus lives in. Files are cut into content-defined chunks, packed into
 * xorbs and named by their Xet file hash, in the formats of the Xet protocol; an edit stores only the chunks it
 * changed. Thread-safe. Obtain one with {@link #open(StorageConfig)}.
 */
public interface ChunkStore extends AutoCloseable {
    static ChunkStore open(StorageConfig config) {
        return new DefaultChunkStore(ObjectStores.open(config), config);
    }

    /** Checks every file and xorb of the store at {@code config}; for {@code chorus storage fsck}. */
    static FsckReport fsck(StorageConfig config) {
        try (ChunkStore store = open(config)) {
            return store.fsck();
        }
    }

    /** Collects garbage in the store at {@code config}, keeping what {@code roots} reach; for {@code chorus storage gc}. */
    static GcReport gc(StorageConfig config, RootSource roots, Duration grace) {
        try (ChunkStore store = open(config)) {
            store.addRoots(roots);
            return store.gc(grace);
        }
    }

    // --- files

    /** Stores everything {@code in} yields (streaming, constant memory) and returns the file's record. */
    FileRecord ingest(InputStream in);

    /** The whole file as a stream that verifies every chunk as it goes (DATA_CORRUPTED names the bad xorb). */
    InputStream read(FileHash file);

    /** Bytes {@code [start, end)} of the file; RANGE_NOT_SATISFIABLE if they are not inside it. */
    InputStream read(FileHash file, long start, long end);

    Optional<FileRecord> stat(FileHash file);

    boolean exists(FileHash file);

    /** Where a chunk is already stored, for deduplication. */
    Optional<ChunkLocation> findChunk(ChunkHash chunk);

    // --- Xet CAS level (the hub's Xet endpoints call these)

    /**
     * Stores a client-built serialized xorb, read as a stream (one chunk in memory at a time), after checking that it
     * decodes and hashes to {@code claimed}; returns false if it was already stored. Bad bytes are INVALID_ARGUMENT,
     * more than 64 MiB of chunks PAYLOAD_TOO_LARGE; either leaves nothing behind.
     */
    default boolean putXorb(XorbHash claimed, InputStream serialized) {
        return putXorb(claimed, null, serialized);
    }

    /**
     * As {@link #putXorb(XorbHash, InputStream)}, for a xorb its client sent right after xorb {@code previous} of the
     * same upload (null: the first): a hint that lets the store hash a new file as its xorbs arrive, so registering
     * it needs no read-back. A wrong hint costs only that read-back.
     */
    boolean putXorb(XorbHash claimed, XorbHash previous, InputStream serialized);

    /**
     * Registers the files a Xet shard describes, after checking that every xorb they reference is stored, every term's
     * chunk range and size is right, and each file hash matches its chunks. All or nothing. A file larger than
     * {@code maxFileBytes} is PAYLOAD_TOO_LARGE before any of its bytes is read (a few stored chunks can be repeated
     * into a file of terabytes, and registering reads the whole file to hash it).
     */
    default List<FileRecord> putShard(byte[] shard, long maxFileBytes) {
        return putShard(shard, maxFileBytes, null);
    }

    /**
     * As {@link #putShard(byte[], long)}, for a caller identified by {@code scope} (null: none): a file whose terms
     * are exactly those this caller announced ({@link #announceTerms}) takes the SHA-256 computed then instead of
     * being read back.
     */
    List<FileRecord> putShard(byte[] shard, long maxFileBytes, String scope);

    /**
     * Terms of a file being uploaded, announced before its shard so the store can hash its bytes meanwhile:
     * {@code terms} (with a verification hash each) continue file {@code upload} of caller {@code scope} from its
     * term number {@code from} (0 begins it). Each term gets a shard term's checks and its stored bytes go into the
     * file's SHA-256; nothing about the bytes is answered. INVALID_ARGUMENT for a bad term, PAYLOAD_TOO_LARGE beyond
     * {@code maxFileBytes}, CONFLICT when {@code from} is not where the file's announcement stands (or it was forgotten).
     */
    void announceTerms(String scope, String upload, int from, List<Term> terms, List<byte[]> verification, long maxFileBytes);

    /**
     * For a client's global deduplication query: a Xet shard (no files, one CAS entry listing every chunk of the
     * xorb that holds {@code chunk}, its chunk hashes keyed with a random key named in the footer, as Xet's chunk HMAC),
     * or empty if no stored xorb holds it.
     */
    Optional<byte[]> dedupShard(ChunkHash chunk);

    /** Which xorb byte ranges rebuild bytes {@code [start, end)} of a file. */
    Reconstruction reconstruct(FileHash file, long start, long end);

    /** Raw serialized bytes {@code [start, end)} of a stored xorb, streamed. */
    InputStream readXorb(XorbHash xorb, long start, long end);

    /** Serialized size of a stored xorb, if stored. */
    Optional<Long> xorbSize(XorbHash xorb);

    /** Named files of another module (git packs, upload staging) in this store's backend, under {@code blobs/<namespace>/}. */
    BlobStore blobs(String namespace);

    // --- maintenance

    /** Adds a source of live files; garbage collection keeps everything any source reaches. */
    void addRoots(RootSource roots);

    /** Re-reads and re-hashes every xorb and checks every file against them. */
    FsckReport fsck();

    /**
     * Deletes files no root reaches and xorbs no file references, when older than {@code grace}. The grace period
     * must exceed the longest ingest: objects an ingest is writing or reusing are younger than that.
     */
    GcReport gc(Duration grace);

    @Override
    void close();
}
