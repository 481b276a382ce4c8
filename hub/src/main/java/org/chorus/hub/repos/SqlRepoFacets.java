package org.chorus.hub.repos;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.chorus.core.ChorusException;
import org.chorus.core.db.Database;
import org.chorus.hub.accounts.Principal;
import org.jdbi.v3.core.Handle;

final class SqlRepoFacets implements RepoFacets {
    private final Database db;

    SqlRepoFacets(Database db) {
        this.db = db;
    }

    @Override
    public Facets count(Optional<Principal> caller, RepoQuery query, int perFacet) {
        if (perFacet < 1 || perFacet > MAX_VALUES) {
            throw ChorusException.invalid("values per facet must be between 1 and " + MAX_VALUES);
        }
        RepoListing.Matching m = RepoListing.matching(caller, query);
        return db.withHandle(h -> {
            long total = h.createQuery("SELECT COUNT(*)" + m.sql()).bindMap(m.binds()).mapTo(Long.class).one();
            Map<Facet, List<ValueCount>> counts = new EnumMap<>(Facet.class);
            counts.put(Facet.TASK, column(h, m, "r.pipeline_tag", perFacet, v -> v));
            counts.put(Facet.LIBRARY, column(h, m, "r.library_name", perFacet, v -> v));
            counts.put(Facet.LICENSE, indexed(h, m, FacetIndex.LICENSE, perFacet, v -> "license:" + v));
            counts.put(Facet.LANGUAGE, indexed(h, m, FacetIndex.LANGUAGE, perFacet, v -> v));
            // grouped by owner id first, so that only one row per owner is joined to its account
            counts.put(Facet.ORGANIZATION, grouped(h, "SELECT a.name AS v, g.n AS n FROM (SELECT r.owner_id, COUNT(*) AS n" + m.sql()
                    + " GROUP BY r.owner_id) g JOIN accounts a ON a.id = g.owner_id WHERE a.kind = 'org'", m.binds(), perFacet, v -> v));
            return new Facets(total, counts);
        });
    }

    private static List<ValueCount> column(Handle h, RepoListing.Matching m, String column, int top, UnaryOperator<String> filter) {
        return grouped(h, "SELECT " + column + " AS v, COUNT(*) AS n" + m.sql() + " AND " + column + " IS NOT NULL GROUP BY " + column,
                m.binds(), top, filter);
    }

    private static List<ValueCount> indexed(Handle h, RepoListing.Matching m, String facet, int top, UnaryOperator<String> filter) {
        Map<String, Object> binds = new HashMap<>(m.binds());
        binds.put("facet", facet);
        return grouped(h, "SELECT f.value AS v, COUNT(*) AS n FROM hub_repo_facets f JOIN hub_repos r ON r.id = f.repo_id"
                + " WHERE f.facet = :facet AND " + m.where() + " GROUP BY f.value", binds, top, filter);
    }

    private static List<ValueCount> grouped(Handle h, String sql, Map<String, Object> binds, int top, UnaryOperator<String> filter) {
        return h.createQuery(sql + " ORDER BY n DESC, v LIMIT " + top).bindMap(binds)
                .map((rs, ctx) -> new ValueCount(rs.getString("v"), rs.getLong("n"), filter.apply(rs.getString("v")))).list();
    }
}
