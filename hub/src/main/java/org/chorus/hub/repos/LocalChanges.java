package org.chorus.hub.repos;

import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Handle;

/**
 * How many change-log entries this process has committed ({@link ChangeLog}): when it moved, this node's search
 * index applies the log before its next search, so a node answers its own writes at once while other nodes' writes
 * reach it in a batch (discovery's {@code SearchFreshness}). Only this process reads it; every other node learns of
 * the same entries from {@code hub_changes} in SQL.
 */
public final class LocalChanges {
    private static final AtomicLong COMMITTED = new AtomicLong();

    private LocalChanges() {}

    /** The count, moved only after an entry's transaction committed: a catch-up that starts after reading it sees the entry. */
    public static long committed() {
        return COMMITTED.get();
    }

    static void countAtCommit(Handle h) {
        if (h.isInTransaction()) {
            h.afterCommit(COMMITTED::incrementAndGet);
        } else {
            COMMITTED.incrementAndGet();
        }
    }
}
