package org.chorus.hub.repos;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.chorus.core.db.Database;
import org.chorus.hub.accounts.Principal;

/**
 * Facet counts for the model and dataset lists: for a {@link RepoQuery} (search, author, filters; its sort and
 * window ignored), how many of exactly the repositories {@link Repos#list} pages through have each task, library,
 * licence, language and organisation. Counted in SQL over the same conditions the listing uses.
 */
public interface RepoFacets {
    int MAX_VALUES = 100;

    /** Also indexes the facet values of rows written before V18 or seeded straight into SQL. */
    static RepoFacets create(Database db) {
        FacetIndex.backfill(db);
        return new SqlRepoFacets(db);
    }

    /** The counts, the {@code perFacet} (1..{@value #MAX_VALUES}) most frequent values of each facet, most frequent first. */
    Facets count(Optional<Principal> caller, RepoQuery query, int perFacet);

    enum Facet {
        TASK, LIBRARY, LICENSE, LANGUAGE, ORGANIZATION;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * A facet value and how many matching repositories have it. {@code filter} is the tag that narrows the listing to
     * them ({@code filter=} on {@code /api/models}), or for an organisation its name ({@code author=}).
     */
    record ValueCount(String value, long count, String filter) {}

    /** {@code total}: how many repositories match; {@code counts}: every facet, each possibly empty. */
    record Facets(long total, Map<Facet, List<ValueCount>> counts) {}
}
