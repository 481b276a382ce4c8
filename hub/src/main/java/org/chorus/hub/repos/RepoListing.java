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
    /** Sort keys as the Hub's clients send them (huggingface_hub maps trending_score to trendingScore). */
    private static final Map<String, String> SORTS = Map.ofEntries(
            Map.entry("downloads", "r.downloads_30d"), Map.entry("likes", "r.likes"),
            Map.entry("lastModified", "r.last_modified"), Map.entry("last_modified", "r.last_modified"),
            Map.entry("createdAt", "r.created_at"), Map.entry("created_at", "r.created_at"), Map.entry("id", "r.name_key"),
            Map.entry("trending", "r.trending_score"), Map.entry("trendingScore", "r.trending_score"),
            Map.entry("trending_score", "r.trending_score"));

    private final Database db;
    private final Trending trending;

    RepoListing(Database db, Trending trending) {
        this.db = db;
        this.trending = trending;
    }

    /**
     * The conditions of a query's matching set over {@code hub_repos r} alone (counting needs no other table);
     * {@link #sql} is the FROM and WHERE of a query over just that table.
     */
    record Matching(String where, Map<String, Object> binds) {
        String sql() {
            return " FROM hub_repos r WHERE " + where;
        }
    }

    /** One definition of the set a query matches, shared by the listing and its facet counts. */
    static Matching matching(Optional<Principal> caller, RepoQuery q) {
        StringBuilder sql = new StringBuilder("r.kind = :kind");
        Map<String, Object> binds = new HashMap<>();
        binds.put("kind", q.type().wire());
        sql.append(Visibility.clause(caller, binds));
        if (q.search() != null && !q.search().isEmpty()) {
            sql.append(" AND LOWER(r.full_name) LIKE :search ESCAPE '!'");
            binds.put("search", "%" + escape(q.search().toLowerCase(Locale.ROOT)) + "%");
        }
        if (q.author() != null && !q.author().isEmpty()) {
            sql.append(" AND r.owner_id = (SELECT id FROM accounts WHERE name_key = :author)");
            binds.put("author", q.author().toLowerCase(Locale.ROOT));
        }
        // Tags match exactly, as in the search index: LIKE ignores ASCII case on SQLite but not on PostgreSQL, so the
        // test is "removing the tab-delimited tag changes the list", which is case-sensitive on both engines.
        for (int i = 0; i < q.filters().size(); i++) {
            sql.append(" AND REPLACE(r.tags, :f").append(i).append(", '') <> r.tags");
            binds.put("f" + i, "\t" + q.filters().get(i) + "\t");
        }
        return new Matching(sql.toString(), binds);
    }

    Page<Repo> list(Optional<Principal> caller, RepoQuery q) {
        String order = q.sort() == null || q.sort().isEmpty() ? "r.created_at" : SORTS.get(q.sort());
        if (order == null) {
            throw ChorusException.invalid("sort must be one of " + String.join(", ", SORTS.keySet().stream().sorted().toList()));
        }
        refreshTrending();
        Matching m = matching(caller, q);
        Map<String, Object> binds = new HashMap<>(m.binds());
        String dir = q.ascending() ? " ASC" : " DESC";
        String sql = "SELECT " + RepoRows.COLUMNS + RepoRows.FROM + " WHERE " + m.where() + " ORDER BY " + order + dir + ", r.id" + dir + " LIMIT :limit OFFSET :offset";
        binds.put("limit", q.limit() + 1);
        binds.put("offset", q.offset());
        List<Repo> rows = db.withHandle(h -> h.createQuery(sql).bindMap(binds).map((rs, ctx) -> RepoRows.row(rs).repo()).list());
        return Page.ofOneMore(rows, q.limit());
    }

    void refreshTrending() {
        trending.decayIfNewDay();
    }

    private static String escape(String s) {
        return s.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }
}
