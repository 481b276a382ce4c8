package org.chorus.hub.lfs;

import java.util.List;
import org.chorus.core.db.Database;

/**
 * The rows of {@code hub_large_files} (git-lfs oid → chunk-store file), written by LFS puts and Xet shards alike, and
 * their lifetime: a row lives while a repository records its file ({@code hub_lfs_objects}) or while its
 * {@code used_at} is within gc's grace period.
 */
final class LargeFileRows {
    private LargeFileRows() {}

    /**
     * Maps the oid to the stored file and marks it used now. One statement, so two nodes storing the same file at
     * once both succeed (the second only refreshes the mark).
     */
    static void put(Database db, String oid, String fileHash, long size, long now) {
        db.useTransaction(h -> h.createUpdate("INSERT INTO hub_large_files (oid, file_hash, size, created_at, used_at)"
                        + " VALUES (:oid, :hash, :size, :t, :t) ON CONFLICT (oid) DO UPDATE SET used_at = excluded.used_at")
                .bind("oid", oid).bind("hash", fileHash).bind("size", size).bind("t", now).execute());
    }

    /**
     * Marks the file used now if it is stored with this size; false if it is not (never stored, or forgotten by gc).
     * This update and {@link #forgetUnreferenced}'s delete are serializable transactions over the same row: whichever
     * loses the race runs again after the other, so either this finds no row or the delete sees the fresh mark.
     */
    static boolean keep(Database db, String oid, long size, long now) {
        return db.inTransaction(h -> h.createUpdate("UPDATE hub_large_files SET used_at = :t WHERE oid = :oid AND size = :size")
                .bind("t", now).bind("oid", oid).bind("size", size).execute()) > 0;
    }

    /** Deletes the rows no repository records and nothing used since {@code cutoff}; returns their sizes. */
    static List<Long> forgetUnreferenced(Database db, long cutoff) {
        return db.inTransaction(h -> h.createQuery("DELETE FROM hub_large_files WHERE used_at < :cutoff"
                        + " AND NOT EXISTS (SELECT 1 FROM hub_lfs_objects o WHERE o.oid = hub_large_files.oid) RETURNING size")
                .bind("cutoff", cutoff).mapTo(Long.class).list());
    }
}
