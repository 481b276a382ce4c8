package org.chorus.hub.repos;

import java.util.Optional;
import org.chorus.hub.accounts.Principal;

/**
 * The model and dataset lists as the API and the list pages serve them: a page of repositories and the facet
 * counts over exactly the set that page is cut from, showing each caller only what they may read.
 */
public interface RepoSearch extends RepoFacets {
    Page<Repo> list(Optional<Principal> caller, RepoQuery query);
}
