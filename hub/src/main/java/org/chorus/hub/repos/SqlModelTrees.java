package org.chorus.hub.repos;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.chorus.core.db.Database;
import org.chorus.hub.accounts.Principal;
import org.chorus.hub.accounts.Role;

final class SqlModelTrees implements ModelTrees {
    private final Database db;
    private final RepoAccess access;

    SqlModelTrees(Database db) {
        this.db = db;
        this.access = new RepoAccess(db);
    }

    @Override
    public ModelTree tree(Optional<Principal> caller, RepoId model) {
        Repo repo = access.require(caller, new RepoId(RepoType.MODEL, model.owner(), model.name()), Role.READ);
        return db.withHandle(h -> {
            var ancestors = CardIndex.ancestors(h, caller, access, repo, MAX_DEPTH);
            Map<String, Object> binds = new HashMap<>();
            binds.put("k", CardIndex.baseKey(repo.fullName()));
            Map<String, Long> counts = new HashMap<>();
            h.createQuery("SELECT l.relation, COUNT(*) AS n FROM hub_lineage l JOIN hub_repos r ON r.id = l.child_id"
                            + " WHERE l.base_key = :k" + Visibility.clause(caller, binds) + " GROUP BY l.relation")
                    .bindMap(binds).map((rs, ctx) -> Map.entry(rs.getString("relation"), rs.getLong("n"))).list()
                    .forEach(e -> counts.put(e.getKey(), e.getValue()));
            Map<String, Children> children = new TreeMap<>();
            for (String relation : ModelCard.RELATIONS) {
                children.put(relation, new Children(counts.getOrDefault(relation, 0L), "base_model:" + relation + ":" + repo.fullName()));
            }
            return new ModelTree(repo.fullName(), ancestors, children);
        });
    }
}
