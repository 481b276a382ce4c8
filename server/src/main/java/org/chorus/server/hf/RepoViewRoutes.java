package org.chorus.server.hf;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import org.chorus.hub.repos.DownloadStats;
import org.chorus.hub.repos.FileViews;
import org.chorus.hub.repos.ModelTrees;
import org.chorus.hub.repos.Repo;
import org.chorus.hub.repos.RepoFacets;
import org.chorus.hub.repos.RepoType;
import org.chorus.hub.repos.Repos;
import org.chorus.server.http.Routes;
import org.chorus.server.web.HubViews;

/**
 * Chorus's own JSON for what the repository pages show and the Hub has no endpoint for, under
 * {@code /api/chorus/{type}s/{owner}/{repo}/…}; every one reads the repository through the same permission check.
 */
public final class RepoViewRoutes implements Routes {
    private final Repos repos;
    private final HubViews views;

    public RepoViewRoutes(Repos repos, HubViews views) {
        this.repos = repos;
        this.views = views;
    }

    @Override
    public void register(RoutesConfig routes) {
        for (RepoType type : RepoType.values()) {
            routes.get("/api/chorus/" + type.wire() + "s/facets", ctx -> facets(ctx, type));
            String repo = "/api/chorus/" + type.wire() + "s/{owner}/{repo}";
            routes.get(repo + "/downloads", ctx -> downloads(ctx, type));
            routes.get(repo + "/safetensors/{rev}/<path>", ctx -> ctx.json(views.files().safetensors(HubRequests.caller(ctx),
                    HubRequests.repoId(ctx, type), ctx.pathParam("rev"), ctx.pathParam("path"))));
            routes.get(repo + "/preview/{rev}/<path>", ctx -> ctx.json(views.files().table(HubRequests.caller(ctx), HubRequests.repoId(ctx, type),
                    ctx.pathParam("rev"), ctx.pathParam("path"), HubRequests.intParam(ctx, "rows", 100, 1, FileViews.MAX_ROWS))));
            routes.get(repo + "/commit/{rev}", ctx -> ctx.json(views.commits().diff(HubRequests.caller(ctx), HubRequests.repoId(ctx, type),
                    ctx.pathParam("rev"))));
        }
        routes.get("/api/chorus/models/{owner}/{repo}/model-tree", this::modelTree);
    }

    private Repo repo(Context ctx, RepoType type) {
        return repos.get(HubRequests.caller(ctx), HubRequests.repoId(ctx, type));
    }

    /** Counts over the repositories {@code /api/{type}s} lists for the same parameters; {@code limit}: values per facet. */
    private void facets(Context ctx, RepoType type) {
        int perFacet = HubRequests.intParam(ctx, "limit", 20, 1, RepoFacets.MAX_VALUES);
        RepoFacets.Facets counted = views.search().count(HubRequests.caller(ctx), RepoApiRoutes.query(ctx, type, 0, 1), perFacet);
        Map<String, Object> byFacet = new LinkedHashMap<>();
        counted.counts().forEach((facet, values) -> byFacet.put(facet.wire(), values.stream().map(v -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("value", v.value());
            m.put("count", v.count());
            m.put(facet == RepoFacets.Facet.ORGANIZATION ? "author" : "filter", v.filter());
            return m;
        }).toList()));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("total", counted.total());
        json.put("facets", byFacet);
        ctx.json(json);
    }

    private void modelTree(Context ctx) {
        ModelTrees.ModelTree tree = views.trees().tree(HubRequests.caller(ctx), HubRequests.repoId(ctx, RepoType.MODEL));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", tree.id());
        json.put("ancestors", tree.ancestors());
        json.put("children", tree.children());
        ctx.json(json);
    }

    private void downloads(Context ctx, RepoType type) {
        int days = HubRequests.intParam(ctx, "days", 30, 1, DownloadStats.MAX_DAYS);
        Repo repo = repo(ctx, type);
        ctx.json(views.downloads().daily(repo, days).stream().map(d -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("day", d.day().toString());
            m.put("count", d.count());
            return m;
        }).toList());
    }
}
