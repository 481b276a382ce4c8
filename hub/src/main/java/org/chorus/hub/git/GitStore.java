package org.chorus.hub.git;

import java.nio.file.Path;
import java.time.Clock;
import org.chorus.core.db.Database;
import org.chorus.storage.BlobStore;
import org.eclipse.jgit.lib.Repository;

/**
 * Git repositories with no state on the serving node: pack files are blobs of the object store (the chunk store's
 * backend: a directory or S3), the list of packs and every ref live in SQL, and refs move only by compare-and-swap.
 * Each {@link #open} returns a fresh JGit repository view, so no node caches a stale ref.
 */
public interface GitStore {

    /** Packs in {@code packs}; {@code scratch} is node-local room for packs being written (deletable when idle). */
    static GitStore create(Database db, BlobStore packs, Path scratch, Clock clock) {
        return new DfsGitStore(db, packs, scratch, clock);
    }

    /** Packs as files under {@code directory} (tests and tools without a chunk store). */
    static GitStore create(Database db, Path directory, Clock clock) {
        return create(db, BlobStore.directory(directory), directory.resolve(".scratch"), clock);
    }

    /** A new view of the repository with this id; the caller closes it. */
    Repository open(String repoId);

    /**
     * Every commit or push adds a pack; once a repository has more than a few, folds the small ones into one
     * so reads stay fast. Replaced pack files stay on disk (a reader on another node may still hold them)
     * until a later compaction sweeps them, after a grace period.
     */
    void compactIfNeeded(Repository repo);

    /** Removes the pack blobs of a deleted repository; its rows are already gone. */
    void deleteFiles(String repoId);
}
