package org.chorus.hub.repos;

import java.util.Optional;
import org.chorus.hub.accounts.Principal;

/**
 * The model and dataset lists as the API and the list pages serve them: a page of repositories and the facet
 * counts over exactly the set that page is cut from, showing each caller only what they may read.
 */
public interface RepoSearch extends RepoFacets {
    Page<Repo> list(Optional<Principal> caller, RepoQuery query);

    /** A page and its facet counts, for a list page that shows both. */
    record Listed(Page<Repo> page, Facets facets) {}

    /** What {@link #list} and {@link #count} answer for the query, in one pass where the implementation can. */
    default Listed listWithFacets(Optional<Principal> caller, RepoQuery query, int perFacet) {
        return new Listed(list(caller, query), count(caller, query, perFacet));
    }
}
