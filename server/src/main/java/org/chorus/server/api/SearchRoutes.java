package org.chorus.server.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import org.chorus.discovery.CardHit;
import org.chorus.discovery.CardQuery;
import org.chorus.discovery.CardSearch;
import org.chorus.hub.repos.Repo;
import org.chorus.hub.repos.RepoType;
import org.chorus.server.hf.HubRequests;
import org.chorus.server.http.Routes;

/**
 * {@code GET /api/chorus/search?q=&type=model|dataset&mode=keyword|semantic|hybrid&limit=}: models and datasets by
 * words, by meaning ("by capability") or both, among those the caller may read. Every parameter is checked by
 * {@link CardQuery}; a bad one is a 400 with a message.
 */
public final class SearchRoutes implements Routes {
    private final CardSearch search;

    public SearchRoutes(CardSearch search) {
        this.search = search;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/api/chorus/search", this::search);
    }

    private void search(Context ctx) {
        CardQuery q = CardQuery.parse(ctx.queryParam("q"), ctx.queryParam("type"), ctx.queryParam("mode"), ctx.queryParam("limit"));
        ctx.json(Map.of("results", search.search(HubRequests.caller(ctx), q).stream().map(SearchRoutes::result).toList()));
    }

    private static Map<String, Object> result(CardHit hit) {
        Repo r = hit.repo();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.fullName());
        m.put("type", r.type().wire());
        m.put("score", hit.score());
        m.put("private", r.isPrivate());
        if (r.type() == RepoType.MODEL) {
            m.put("pipeline_tag", r.pipelineTag());
            m.put("library_name", r.libraryName());
        }
        m.put("tags", r.tags());
        m.put("likes", r.likes());
        m.put("downloads", r.downloads());
        m.put("lastModified", r.lastModified().toString());
        return m;
    }
}
