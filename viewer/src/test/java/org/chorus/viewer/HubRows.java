package org.chorus.viewer;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.chorus.core.db.Database;
import org.chorus.hub.accounts.Accounts;
import org.chorus.hub.repos.Repo;
import org.chorus.hub.repos.RepoId;
import org.chorus.hub.repos.RepoType;

/** Repository rows as the hub writes them: the viewer's cached results belong to one and go when it is deleted. */
final class HubRows {
    static final String SHA = "c".repeat(40);

    private HubRows() {}

    /** The id of an account that can own repositories (the bootstrap admin of a fresh database). */
    static String owner(Database db) {
        Accounts accounts = Accounts.create(db, Clock.systemUTC());
        accounts.bootstrap("hf_viewerTestsAdminToken0000000");
        return accounts.authenticate("hf_viewerTestsAdminToken0000000").user().id();
    }

    /** Inserts the row of {@code owner/name} at commit {@link #SHA} and returns the repository. */
    static Repo insert(Database db, String ownerId, String id, RepoType type, String owner, String name) {
        db.useTransaction(h -> h.createUpdate("INSERT INTO hub_repos (id, kind, owner_id, name, full_name, name_key, private, created_at,"
                        + " last_modified, sha, tags) VALUES (:id, :k, :o, :n, :f, :key, FALSE, 0, 0, :sha, '')")
                .bind("id", id).bind("k", type == RepoType.DATASET ? "dataset" : "model").bind("o", ownerId).bind("n", name)
                .bind("f", owner + "/" + name).bind("key", type + ":" + owner + "/" + name).bind("sha", SHA).execute());
        return new Repo(id, RepoId.of(type, owner, name), false, Instant.EPOCH, Instant.EPOCH, SHA, 0, 0, 0, null, null, List.of(), Map.of(), 0);
    }
}
