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
        } else if (narrowingPending(follower.unapplied())) {
            follower.catchUp();
        }
    }

    /**
     * An entry not applied yet for a repository private or gone now: one indexed range read of the entries above the
     * last one the follower read, and a lookup of the gaps below it. Reading every entry above the floor instead read
     * each search all those applied while the oldest gap was waited on, up to a minute of the change log: on
     * PostgreSQL a serializable transaction that rolls back leaves a gap, about 1 in 40 commits in the scale-out
     * benchmark (2026-12-05).
     */
    private boolean narrowingPending(ChangeFollower.Unapplied unapplied) {
        String which = unapplied.gaps().isEmpty() ? "c.seq > :f" : "(c.seq > :f OR c.seq IN (<gaps>))";
        return db.withHandle(h -> {
            var query = h.createQuery("SELECT COUNT(*) FROM (SELECT 1 FROM hub_changes c LEFT JOIN hub_repos r ON r.id = c.repo_id"
                    + " WHERE " + which + " AND (r.id IS NULL OR r.private = :yes) LIMIT 1) pending").bind("f", unapplied.above()).bind("yes", true);
            if (!unapplied.gaps().isEmpty()) {
                query.bindList("gaps", unapplied.gaps());
            }
            return query.mapTo(Long.class).one();
        }) > 0;
    }
}
