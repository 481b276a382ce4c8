package org.chorus.hub.repos;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.chorus.core.db.Database;
import org.jdbi.v3.core.Handle;

/**
 * Keeps {@code hub_repo_facets} — the facet values that are not columns of {@code hub_repos} — in step with each
 * row's tags and card: licences from its {@code license:…} tags, languages from the card's {@code language}.
 */
final class FacetIndex {
    static final String LICENSE = "license";
    static final String LANGUAGE = "language";
    private static final int BATCH = 500;
    private static final int MAX_VALUE = 200;

    private FacetIndex() {}

    record Value(String facet, String value) {}

    static Set<Value> values(List<String> tags, List<String> languages) {
        Set<Value> out = new LinkedHashSet<>();
        tags.stream().filter(t -> t.startsWith("license:")).forEach(t -> out.add(new Value(LICENSE, t.substring("license:".length()))));
        // only languages the tags hold, so that filtering by a counted value finds what was counted
        languages.stream().filter(tags::contains).forEach(l -> out.add(new Value(LANGUAGE, l)));
        out.removeIf(v -> v.value().isEmpty() || v.value().length() > MAX_VALUE);
        return out;
    }

    /** Replaces a row's facet values, inside the transaction that writes its tags. */
    static void write(Handle h, String repoId, Set<Value> values) {
        h.createUpdate("DELETE FROM hub_repo_facets WHERE repo_id = :id").bind("id", repoId).execute();
        for (Value v : values) {
            h.createUpdate("INSERT INTO hub_repo_facets (repo_id, facet, value) VALUES (:id, :f, :v)")
                    .bind("id", repoId).bind("f", v.facet()).bind("v", v.value()).execute();
        }
        h.createUpdate("UPDATE hub_repos SET facets_indexed = :t WHERE id = :id").bind("t", true).bind("id", repoId).execute();
    }

    private record Pending(String id, List<String> tags, Map<String, Object> card) {}

    /**
     * Indexes the rows not indexed yet (written before V18, or seeded straight into SQL), a batch per transaction.
     * Idempotent and safe to run on several nodes at once.
     */
    static void backfill(Database db) {
        while (true) {
            List<Pending> batch = db.withHandle(h -> h.createQuery("SELECT id, tags, card_data FROM hub_repos WHERE facets_indexed = :f LIMIT " + BATCH)
                    .bind("f", false).map((rs, ctx) -> new Pending(rs.getString("id"), RepoRows.tags(rs.getString("tags")),
                            RepoRows.card(rs.getString("card_data")))).list());
            if (batch.isEmpty()) {
                return;
            }
            List<String> ids = batch.stream().map(Pending::id).toList();
            db.useTransaction(h -> {
                // set-based: one statement per batch for the deletes and the flags, one prepared batch for the values
                h.createUpdate("DELETE FROM hub_repo_facets WHERE repo_id IN (<ids>)").bindList("ids", ids).execute();
                var insert = h.prepareBatch("INSERT INTO hub_repo_facets (repo_id, facet, value) VALUES (:id, :f, :v)");
                for (Pending p : batch) {
                    for (Value v : values(p.tags(), ModelCard.strings(p.card() == null ? null : p.card().get("language")))) {
                        insert.bind("id", p.id()).bind("f", v.facet()).bind("v", v.value()).add();
                    }
                }
                if (insert.size() > 0) {
                    insert.execute();
                }
                h.createUpdate("UPDATE hub_repos SET facets_indexed = :t WHERE id IN (<ids>)").bind("t", true).bindList("ids", ids).execute();
            });
        }
    }
}
