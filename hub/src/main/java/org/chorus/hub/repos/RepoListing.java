package org.chorus.hub.repos;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.chorus.core.ChorusException;
import org.chorus.core.db.Database;
import org.chorus.hub.accounts.Principal;

/** Listing and search over {@code hub_repos}, showing each caller only what they may read. */
final class RepoListing {
    private static final Map<String, String> SORTS = Map.of(
            "downloads", "r.downloads", "likes", "r.likes", "lastModified", "r.last_modified", "last_modified", "r.last_modified",
            "createdAt", "r.created_at", "created_at", "r.created_at", "id", "r.name_key", "trendingScore", "r.downloads");

    private final Database db;

    RepoListing(Database db, RepoAccess access) {
        this.db = db;
    }

    Page<Repo> list(Optional<Principal> caller, RepoQuery q) {
        String order = q.sort() == null || q.sort().isEmpty() ? "r.created_at" : SORTS.get(q.sort());
        if (order == null) {
            throw ChorusException.invalid("sort must be one of " + String.join(", ", SORTS.keySet().stream().sorted().toList()));
        }
        StringBuilder sql = new StringBuilder("SELECT " + RepoRows.COLUMNS + RepoRows.FROM + " WHERE r.kind = :kind");
        Map<String, Object> binds = new HashMap<>();
        binds.put("kind", q.type().wire());
        boolean admin = caller.map(Principal::siteAdmin).orElse(false);
        if (!admin) {
            binds.put("false", false);
            if (caller.isPresent()) {
                sql.append(" AND (r.private = :false OR r.owner_id = :uid OR r.owner_id IN (SELECT org_id FROM memberships WHERE user_id = :uid))");
                binds.put("uid", caller.get().user().id());
            } else {
                sql.append(" AND r.private = :false");
            }
        }
        if (q.search() != null && !q.search().isEmpty()) {
            sql.append(" AND LOWER(r.full_name) LIKE :search ESCAPE '!'");
            binds.put("search", "%" + escape(q.search().toLowerCase(Locale.ROOT)) + "%");
        }
        if (q.author() != null && !q.author().isEmpty()) {
            sql.append(" AND a.name_key = :author");
            binds.put("author", q.author().toLowerCase(Locale.ROOT));
        }
        for (int i = 0; i < q.filters().size(); i++) {
            sql.append(" AND r.tags LIKE :f").append(i).append(" ESCAPE '!'");
            binds.put("f" + i, "%\t" + escape(q.filters().get(i)) + "\t%");
        }
        String dir = q.ascending() ? " ASC" : " DESC";
        sql.append(" ORDER BY ").append(order).append(dir).append(", r.id").append(dir).append(" LIMIT :limit OFFSET :offset");
        binds.put("limit", q.limit() + 1);
        binds.put("offset", q.offset());
        List<Repo> rows = db.withHandle(h -> h.createQuery(sql.toString()).bindMap(binds)
                .map((rs, ctx) -> RepoRows.row(rs).repo()).list());
        boolean more = rows.size() > q.limit();
        return new Page<>(more ? rows.subList(0, q.limit()) : rows, -1, more);
    }

    private static String escape(String s) {
        return s.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }
}
