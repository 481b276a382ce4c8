package org.chorus.hub.lfs;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.chorus.core.db.Database;
import org.chorus.storage.FileHash;
import org.chorus.storage.FileRecord;

/**
 * The oid → chunk-store file mapping ({@code hub_large_files}) seen from the Xet side: files a client registered
 * with a shard become large files, and a large file's Xet hash is what Xet clients download by. The same table
 * {@link ChunkLargeFileStore} writes, so both protocols see the same objects (and gc keeps them).
 */
public final class XetFileIndex {
    private final Database db;
    private final Clock clock;

    public XetFileIndex(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Maps the file's SHA-256 to its Xet hash; call only after the chunk store published the file. */
    public void record(FileRecord file) {
        LargeFileRows.put(db, file.sha256().hex(), file.hash().hex(), file.size(), clock.millis());
    }

    /** Which of these large files (SHA-256 oids) are stored as Xet files, in one query: the pages' Xet badges. */
    public java.util.Set<String> stored(java.util.Collection<String> sha256s) {
        List<String> oids = sha256s.stream().filter(LargeFileStore::isSha256).distinct().toList();
        if (oids.isEmpty()) {
            return java.util.Set.of();
        }
        return db.withHandle(h -> java.util.Set.copyOf(h.createQuery("SELECT oid FROM hub_large_files WHERE oid IN (<oids>)")
                .bindList("oids", oids).mapTo(String.class).list()));
    }

    /** The Xet file hash of a large file, if it is stored. */
    public Optional<FileHash> fileHash(String sha256) {
        if (!LargeFileStore.isSha256(sha256)) {
            return Optional.empty();
        }
        return db.withHandle(h -> h.createQuery("SELECT file_hash FROM hub_large_files WHERE oid = :oid").bind("oid", sha256)
                .mapTo(String.class).findOne()).map(FileHash::fromHex);
    }
}
