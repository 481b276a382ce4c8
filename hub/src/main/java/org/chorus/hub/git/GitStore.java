package org.chorus.hub.git;

import java.nio.file.Path;
import java.time.Clock;
import org.chorus.core.db.Database;
import org.eclipse.jgit.lib.Repository;

/**
 * Git repositories with no state on the serving node: pack files live in a directory (shared between
 * nodes, later the chunk store), the list of packs and every ref live in SQL, and refs move only by
 * compare-and-swap. Each {@link #open} returns a fresh JGit repository view, so no node caches a stale ref.
 */
public interface GitStore {

    static GitStore create(Database db, Path directory, Clock clock) {
        return new DfsGitStore(db, directory, clock);
    }

    /** A new view of the repository with this id; the caller closes it. */
    Repository open(String repoId);

    /**
     * Every commit or push adds a pack; once a repository has more than a few, folds the small ones into one
     * so reads stay fast. Replaced pack files stay on disk (a reader on another node may still hold them)
     * until a later compaction sweeps them, after a grace period.
     */
    void compactIfNeeded(Repository repo);

    /** Removes the pack files of a deleted repository; its rows are already gone. */
    void deleteFiles(String repoId);
}
