package org.chorus.hub.repos;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.chorus.core.ChorusException;
import org.chorus.core.db.Database;
import org.chorus.hub.lfs.LargeFileStore;
import org.chorus.hub.lfs.LfsPointer;

/**
 * The large files each repository may reference ({@code hub_lfs_objects}): those whose bytes were uploaded to it
 * (LFS, multipart, Xet shards) or that the server stored for it. The store itself is shared by every repository,
 * so this table is the only thing between an LFS pointer and another repository's bytes: a pointer naming a file
 * not recorded here is refused when committed and read as its own text.
 */
final class LfsObjects {
    /** Oids bound per query, far below SQLite's and PostgreSQL's limits on parameters. */
    private static final int BATCH = 500;

    private final Database db;
    private final LargeFileStore largeFiles;
    private final Clock clock;

    LfsObjects(Database db, LargeFileStore largeFiles, Clock clock) {
        this.db = db;
        this.largeFiles = largeFiles;
        this.clock = clock;
    }

    /** Whether the repository may reference the file and its bytes are stored, both with this size. */
    boolean has(String repoId, String sha256, long size) {
        return recordedSize(repoId, sha256).filter(s -> s == size).isPresent() && largeFiles.size(sha256).orElse(-1) == size;
    }

    Optional<Long> recordedSize(String repoId, String sha256) {
        return db.withHandle(h -> h.createQuery("SELECT size FROM hub_lfs_objects WHERE repo_id = :r AND oid = :o")
                .bind("r", repoId).bind("o", sha256).mapTo(Long.class).findOne());
    }

    /** The pointers (oid and size) among {@code pointers} that name files recorded for the repository. */
    Set<LfsPointer> recorded(String repoId, Collection<LfsPointer> pointers) {
        List<String> oids = pointers.stream().map(LfsPointer::oid).distinct().toList();
        Set<LfsPointer> found = new HashSet<>();
        for (int from = 0; from < oids.size(); from += BATCH) {
            List<String> batch = oids.subList(from, Math.min(from + BATCH, oids.size()));
            found.addAll(db.withHandle(h -> h.createQuery("SELECT oid, size FROM hub_lfs_objects WHERE repo_id = :r AND oid IN (<oids>)")
                    .bind("r", repoId).bindList("oids", batch)
                    .map((rs, ctx) -> new LfsPointer(rs.getString("oid"), rs.getLong("size"))).list()));
        }
        found.retainAll(Set.copyOf(pointers));
        return found;
    }

    /**
     * Records that the repository may reference the file; its verified bytes must already be stored. Keeping the file
     * first (its mark made fresh) means gc cannot forget it before the row below exists.
     */
    void record(String repoId, String sha256, long size) {
        if (!largeFiles.keep(sha256, size)) {
            throw ChorusException.invalid("large file " + sha256 + " of " + size + " bytes is not stored");
        }
        db.useTransaction(h -> h.createUpdate("INSERT INTO hub_lfs_objects (repo_id, oid, size, created_at) VALUES (:r, :o, :s, :t)"
                        + " ON CONFLICT (repo_id, oid) DO NOTHING")
                .bind("r", repoId).bind("o", sha256).bind("s", size).bind("t", clock.millis()).execute());
    }

    /** The repository's large files, oldest upload first, with {@code names} (oid → path) for the file names. */
    Page<LfsFile> list(String repoId, int offset, int limit, Map<String, String> names) {
        Page.requireWindow(offset, limit);
        List<LfsFile> rows = db.withHandle(h -> h.createQuery("SELECT oid, size, created_at FROM hub_lfs_objects WHERE repo_id = :r"
                        + " ORDER BY created_at, oid LIMIT :n OFFSET :o")
                .bind("r", repoId).bind("n", limit + 1).bind("o", offset)
                .map((rs, ctx) -> new LfsFile(rs.getString("oid"), rs.getLong("size"), Instant.ofEpochMilli(rs.getLong("created_at")),
                        names.getOrDefault(rs.getString("oid"), "")))
                .list());
        return Page.ofOneMore(rows, limit);
    }

    /** Forgets that the repository holds these files; returns the oids it held. */
    List<String> forget(String repoId, Collection<String> sha256s) {
        List<String> oids = sha256s.stream().distinct().toList();
        return db.inTransaction(h -> {
            List<String> held = new ArrayList<>();
            for (int from = 0; from < oids.size(); from += BATCH) {
                List<String> batch = oids.subList(from, Math.min(from + BATCH, oids.size()));
                held.addAll(h.createQuery("DELETE FROM hub_lfs_objects WHERE repo_id = :r AND oid IN (<oids>) RETURNING oid")
                        .bind("r", repoId).bindList("oids", batch).mapTo(String.class).list());
            }
            return held;
        });
    }
}
