package org.chorus.hub.lfs;

import java.io.InputStream;
import java.time.Clock;
import java.util.Optional;
import java.util.OptionalLong;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.core.db.Database;
import org.chorus.storage.ChunkStore;
import org.chorus.storage.FileHash;
import org.chorus.storage.FileRecord;
import org.chorus.storage.RootSource;
import org.chorus.storage.StagedUploads;

/**
 * Large files in the deduplicating chunk store: a new version of a file costs only the chunks that changed. The
 * SQL table {@code hub_large_files} maps each git-lfs oid to the chunk store's file hash; the row is written
 * after the chunk store made the bytes durable, so a reader never finds an oid whose bytes are missing.
 */
final class ChunkLargeFileStore implements LargeFileStore {
    private final ChunkStore chunks;
    private final Database db;
    private final Clock clock;
    private final StagedUploads parts;

    ChunkLargeFileStore(ChunkStore chunks, Database db, Clock clock) {
        this.chunks = chunks;
        this.db = db;
        this.clock = clock;
        this.parts = new StagedUploads(chunks.blobs("lfs-parts"), StagedParts.MAX_PART);
        chunks.addRoots(roots(db));
    }

    /** Every mapped large file is alive; bytes ingested without a mapping (a rejected upload) are garbage. */
    static RootSource roots(Database db) {
        return RootSource.fromQuery(db, "SELECT file_hash FROM hub_large_files");
    }

    @Override
    public void put(String sha256, long size, InputStream bytes) {
        requireOid(sha256);
        // One byte past the announced size is enough to refuse the upload; an endless stream never fills the store.
        FileRecord rec = chunks.ingest(new BoundedInputStream(bytes, size + 1));
        if (rec.size() != size || !rec.sha256().hex().equals(sha256)) {
            throw ChorusException.invalid("uploaded bytes do not match: announced sha256 " + sha256 + " and size " + size
                    + ", received sha256 " + rec.sha256().hex() + " and size " + rec.size());
        }
        LargeFileRows.put(db, sha256, rec.hash().hex(), size, clock.millis());
    }

    @Override
    public boolean keep(String sha256, long size) {
        requireOid(sha256);
        return LargeFileRows.keep(db, sha256, size, clock.millis());
    }

    private record Mapped(FileHash hash, long size) {}

    private Optional<Mapped> mapped(String sha256) {
        requireOid(sha256);
        return db.withHandle(h -> h.createQuery("SELECT file_hash, size FROM hub_large_files WHERE oid = :oid").bind("oid", sha256)
                .map((rs, ctx) -> new Mapped(FileHash.fromHex(rs.getString("file_hash")), rs.getLong("size"))).findOne());
    }

    @Override
    public OptionalLong size(String sha256) {
        return mapped(sha256).map(m -> OptionalLong.of(m.size())).orElse(OptionalLong.empty());
    }

    @Override
    public InputStream open(String sha256, long offset, long length) {
        Mapped m = mapped(sha256).orElseThrow(() -> ChorusException.notFound("large file " + sha256 + " is not stored"));
        if (offset < 0 || length < 0 || offset + length > m.size()) {
            throw new ChorusException(ErrorCode.RANGE_NOT_SATISFIABLE, "bytes " + offset + "+" + length + " are outside "
                    + sha256 + " (" + m.size() + " bytes)");
        }
        return chunks.read(m.hash(), offset, offset + length);
    }

    @Override
    public void putPart(String uploadKey, int partNumber, InputStream bytes) {
        parts.putPart(uploadKey, partNumber, bytes);
    }

    @Override
    public void completeParts(String uploadKey, int partCount, String sha256, long size, Runnable stored) {
        parts.join(uploadKey, StagedParts.numbers(partCount), all -> {
            put(sha256, size, all);
            stored.run();
        });
    }

    private static void requireOid(String sha256) {
        if (!LargeFileStore.isSha256(sha256)) {
            throw ChorusException.invalid("oid must be 64 lower-case hex digits");
        }
    }
}
