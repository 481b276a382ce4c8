package org.chorus.hub.repos;

import org.jdbi.v3.core.Handle;

/**
 * Appends to {@code hub_changes}, the log every node's search index follows: called inside the transaction that
 * changes a repository's row, as its last statement (on PostgreSQL a sequence number is taken at the insert but
 * seen by followers at commit, so the shorter that window, the sooner followers stop waiting on it).
 */
final class ChangeLog {
    private ChangeLog() {}

    static void record(Handle h, String repoId, long now) {
        h.createUpdate("INSERT INTO hub_changes (repo_id, changed_at) VALUES (:r, :t)").bind("r", repoId).bind("t", now).execute();
        LocalChanges.countAtCommit(h);
    }
}
