package org.chorus.server.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chorus.core.ChorusException;
import org.chorus.discovery.CardHit;
import org.chorus.discovery.CardHits;
import org.chorus.discovery.CardQuery;
import org.chorus.discovery.CardSearch;
import org.chorus.discovery.Ecosystem;
import org.chorus.discovery.EcosystemChoice;
import org.chorus.hub.repos.Repo;
import org.chorus.hub.repos.RepoType;
import org.chorus.semantic.SearchMode;
import org.chorus.server.hf.HubRequests;
import org.chorus.server.http.Routes;

/**
 * {@code GET /api/chorus/search?q=&type=model|dataset&mode=keyword|semantic|hybrid&limit=&ecosystem=}: models and
 * datasets by words, by meaning ("by capability") or both, among those the caller may read. Every parameter is checked
 * by {@link CardQuery}; a bad one is a 400 with a message. {@code ecosystem} names an imported snapshot to search
 * instead of the live hub: by words only (snapshots carry no card text to embed), which is also its default mode.
 */
public final class SearchRoutes implements Routes {
    private final CardSearch search;
    private final EcosystemChoice ecosystems;

    public SearchRoutes(CardSearch search, EcosystemChoice ecosystems) {
        this.search = search;
        this.ecosystems = ecosystems;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/api/chorus/search", this::search);
    }

    private void search(Context ctx) {
        String ecosystem = ctx.queryParam("ecosystem");
        if (EcosystemChoice.isHub(ecosystem)) {
            CardQuery q = CardQuery.parse(ctx.queryParam("q"), ctx.queryParam("type"), ctx.queryParam("mode"), ctx.queryParam("limit"));
            answer(ctx, search.search(HubRequests.caller(ctx), q));
            return;
        }
        Ecosystem imported = ecosystems.named(ecosystem);
        String mode = ctx.queryParam("mode");
        CardQuery q = CardQuery.parse(ctx.queryParam("q"), ctx.queryParam("type"), mode == null ? "keyword" : mode, ctx.queryParam("limit"));
        if (q.mode() != SearchMode.KEYWORD) {
            throw ChorusException.invalid("an imported ecosystem is searched by words only (mode=keyword): its cards carry no text to embed");
        }
        answer(ctx, CardHits.find(imported, HubRequests.caller(ctx), q, null));
    }

    private static void answer(Context ctx, List<CardHit> hits) {
        ctx.json(Map.of("results", hits.stream().map(SearchRoutes::result).toList()));
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
