package org.chorus.hub.repos;

import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The old names of moved repositories ({@code hub_repo_redirects}), written in the transaction that moves, creates or
 * deletes a repository. A repository keeps every name it had (a later move adds one); the name it moves to, or that
 * a new repository takes, stops redirecting.
 */
final class MovedNames {
    private MovedNames() {}

    static void moved(Handle h, String repoId, RepoId from, RepoId to) {
        release(h, to);
        if (!from.key().equals(to.key())) {
            h.createUpdate("INSERT INTO hub_repo_redirects (name_key, repo_id) VALUES (:k, :id)").bind("k", from.key()).bind("id", repoId).execute();
        }
    }

    /** The name now names a live repository: it redirects no more. */
    static void release(Handle h, RepoId name) {
        h.createUpdate("DELETE FROM hub_repo_redirects WHERE name_key = :k").bind("k", name.key()).execute();
    }

    /** Explicit rather than by cascade: SQLite connections here do not enforce foreign keys. */
    static void forget(Handle h, String repoId) {
        h.createUpdate("DELETE FROM hub_repo_redirects WHERE repo_id = :id").bind("id", repoId).execute();
    }

    static Optional<RepoRows.Row> target(Handle h, RepoId oldName) {
        return h.createQuery("SELECT " + RepoRows.COLUMNS + RepoRows.FROM + " JOIN hub_repo_redirects m ON m.repo_id = r.id WHERE m.name_key = :k")
                .bind("k", oldName.key()).map((rs, ctx) -> RepoRows.row(rs)).findOne();
    }
}
