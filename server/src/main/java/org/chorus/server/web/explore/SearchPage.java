package org.chorus.server.web.explore;

import io.javalin.http.Context;
import java.util.List;
import org.chorus.discovery.CardQuery;
import org.chorus.discovery.CardSearch;
import org.chorus.semantic.SearchMode;
import org.chorus.server.web.Pages;
import org.chorus.server.web.WebAuth;
import org.chorus.server.web.hub.RepoRow;

/**
 * {@code /search?q=&mode=&type=}: models and datasets by words, by meaning or both, with the mode switch. The
 * parameters are those of {@code GET /api/chorus/search} and read by its own parser ({@link CardQuery#parse}), so a bad
 * one is the same 400 (as the error page); an empty {@code q} shows the form alone.
 */
public final class SearchPage {
    private final WebAuth auth;
    private final CardSearch search;

    public SearchPage(WebAuth auth, CardSearch search) {
        this.auth = auth;
        this.search = search;
    }

    public void show(Context ctx) {
        String q = ctx.queryParam("q");
        String type = ctx.queryParam("type") == null ? "" : ctx.queryParam("type");
        String mode = ctx.queryParam("mode");
        List<RepoRow> rows = null;
        SearchMode chosen = SearchMode.HYBRID;
        if (q != null && !q.isBlank()) {
            CardQuery query = CardQuery.parse(q, type.isEmpty() ? null : type, mode, null);
            chosen = query.mode();
            rows = search.search(auth.principal(ctx), query).stream().map(hit -> RepoRow.of(hit.repo())).toList();
        } else if (mode != null) {
            chosen = SearchMode.parse(mode).orElse(SearchMode.HYBRID);
        }
        Pages.render(ctx, "explore/search.jte", new SearchView(auth.shell(ctx, "Search"), q == null ? "" : q,
                chosen.name().toLowerCase(java.util.Locale.ROOT), type, rows));
    }
}
