package org.chorus.server.web.explore;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.chorus.hub.accounts.Principal;
import org.chorus.hub.repos.Page;
import org.chorus.hub.repos.Repo;
import org.chorus.hub.repos.RepoFacets;
import org.chorus.hub.repos.RepoQuery;
import org.chorus.hub.repos.RepoSearch;
import org.chorus.hub.repos.RepoType;
import org.chorus.server.hf.HubRequests;
import org.chorus.server.hf.RepoApiRoutes;
import org.chorus.server.web.Pages;
import org.chorus.server.web.WebAuth;
import org.chorus.server.web.hub.RepoRow;

/**
 * {@code /models} and {@code /datasets}: search, facets with counts, sorts and pages. The query is read by the API's
 * own parser ({@link RepoApiRoutes#query}: {@code search}, {@code author}, {@code filter}, {@code pipeline_tag},
 * {@code sort}) and answered by the same {@link RepoSearch} (the search index), so a list shows exactly what
 * {@code /api/models} returns for the same parameters; only the default sort differs (trending, as on the Hub's site).
 */
public final class ListPages {
    static final int PAGE_SIZE = 30;
    /** Values shown per facet; the sidebar stays short and the counts stay one indexed query each. */
    static final int FACET_VALUES = 10;
    /** The last page a list serves: offsets past 100,000 rows are a crawler's, not a reader's. */
    static final int MAX_PAGE = 100_000 / PAGE_SIZE;
    static final String DEFAULT_SORT = "trending";
    private static final List<Sort> SORTS = List.of(new Sort("trending", "Trending"), new Sort("downloads", "Most downloads"),
            new Sort("likes", "Most likes"), new Sort("lastModified", "Recently updated"), new Sort("createdAt", "Recently created"));

    /** A sort the menu offers: the listing's key and its label. */
    private record Sort(String key, String label) {}

    private final WebAuth auth;
    private final RepoSearch search;

    public ListPages(WebAuth auth, RepoSearch search) {
        this.auth = auth;
        this.search = search;
    }

    public void list(Context ctx, RepoType type) {
        RepoQuery parsed = RepoApiRoutes.query(ctx, type, 0, PAGE_SIZE);
        int page = HubRequests.intParam(ctx, "p", 0, 0, MAX_PAGE);
        String sort = parsed.sort() == null || parsed.sort().isBlank() ? DEFAULT_SORT : parsed.sort();
        ListQuery query = new ListQuery(type, blankToNull(parsed.search()), blankToNull(parsed.author()), parsed.filters(), sort, page);
        Optional<Principal> caller = auth.principal(ctx);
        RepoQuery repoQuery = query.toRepoQuery(PAGE_SIZE);
        RepoSearch.Listed listed = search.listWithFacets(caller, repoQuery, FACET_VALUES);
        Page<Repo> rows = listed.page();
        RepoFacets.Facets counted = listed.facets();
        List<ListView.FacetGroup> groups = new ArrayList<>();
        counted.counts().forEach((facet, values) -> groups.add(new ListView.FacetGroup(facet.wire(), label(facet), values.stream()
                .map(v -> facet == RepoFacets.Facet.ORGANIZATION
                        ? new ListView.FacetValue(v.value(), v.count(), query.toggleAuthor(v.filter()).href(), v.filter().equals(query.author()))
                        : new ListView.FacetValue(v.value(), v.count(), query.toggle(v.filter()).href(), query.has(v.filter())))
                .toList())));
        List<ListView.SortLink> sorts = SORTS.stream()
                .map(s -> new ListView.SortLink(s.label(), query.sorted(s.key()).href(), s.key().equals(sort))).toList();
        String heading = type == RepoType.DATASET ? "Datasets" : "Models";
        Pages.render(ctx, "explore/list.jte", new ListView(auth.shell(ctx, heading), heading, query, counted.total(), groups, sorts,
                rows.items().stream().map(RepoRow::of).toList(),
                page > 0 ? query.atPage(page - 1).href() : null,
                rows.hasMore() && page < MAX_PAGE ? query.atPage(page + 1).href() : null));
    }

    private static String label(RepoFacets.Facet facet) {
        return switch (facet) {
            case TASK -> "Tasks";
            case LIBRARY -> "Libraries";
            case LICENSE -> "Licences";
            case LANGUAGE -> "Languages";
            case ORGANIZATION -> "Organisations";
        };
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
