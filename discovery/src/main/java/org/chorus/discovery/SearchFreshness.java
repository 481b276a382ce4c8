package org.chorus.discovery;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.chorus.core.db.Database;

/**
 * Whether a search must apply the change log before it reads this node's index. This node's own writes: yes (the
 * count of entries this process committed moved, {@code hub.repos.LocalChanges}), so a node answers its own writes
 * at once. Another node's entry for a repository that is private or gone now: yes, so a repository made private or
 * deleted leaves every node's lists at once. Any other entry another node wrote waits for the follower's next batch
 * ({@link Discovery#FOLLOW_EVERY}): with N nodes, a commit then costs each node a share of one re-index and one
 * searcher refresh per batch instead of one each.
 */
final class SearchFreshness {
    private final Database db;
    private final LongSupplier ownChanges;
    /** The own count that the last catch-up started after (none yet: the first search catches up). */
    private final AtomicLong ownApplied = new AtomicLong(Long.MIN_VALUE);

    SearchFreshness(Database db, LongSupplier ownChanges) {
        this.db = db;
        this.ownChanges = ownChanges;
    }

    void beforeSearch(ChangeFollower follower) throws IOException {
        // read before the catch-up starts: every entry counted in it committed before, so the catch-up sees it
        long own = ownChanges.getAsLong();
        if (own != ownApplied.get()) {
            follower.catchUp();
            ownApplied.accumulateAndGet(own, Math::max);
        } else if (narrowingPending(follower.floor())) {
            follower.catchUp();
        }
    }

    /**
     * An entry above the floor for a repository private or gone now (one indexed range read of the few entries
     * above the floor; an applied one there while an older gap is waited on costs a catch-up that re-indexes nothing).
     */
    private boolean narrowingPending(long floor) {
        return db.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM (SELECT 1 FROM hub_changes c LEFT JOIN hub_repos r ON r.id = c.repo_id"
                + " WHERE c.seq > :f AND (r.id IS NULL OR r.private = :yes) LIMIT 1) pending").bind("f", floor).bind("yes", true)
                .mapTo(Long.class).one()) > 0;
    }
}
