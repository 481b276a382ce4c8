package org.chorus.server.hf;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import org.chorus.hub.repos.DownloadStats;
import org.chorus.hub.repos.Repo;
import org.chorus.hub.repos.RepoType;
import org.chorus.hub.repos.Repos;
import org.chorus.server.http.Routes;

/**
 * Chorus's own JSON for what the repository pages show and the Hub has no endpoint for, under
 * {@code /api/chorus/{type}s/{owner}/{repo}/…}; every one reads the repository through the same permission check.
 */
public final class RepoViewRoutes implements Routes {
    private final Repos repos;
    private final DownloadStats downloads;

    public RepoViewRoutes(Repos repos, DownloadStats downloads) {
        this.repos = repos;
        this.downloads = downloads;
    }

    @Override
    public void register(RoutesConfig routes) {
        for (RepoType type : RepoType.values()) {
            String repo = "/api/chorus/" + type.wire() + "s/{owner}/{repo}";
            routes.get(repo + "/downloads", ctx -> downloads(ctx, type));
        }
    }

    private Repo repo(Context ctx, RepoType type) {
        return repos.get(HubRequests.caller(ctx), HubRequests.repoId(ctx, type));
    }

    private void downloads(Context ctx, RepoType type) {
        int days = HubRequests.intParam(ctx, "days", 30, 1, DownloadStats.MAX_DAYS);
        Repo repo = repo(ctx, type);
        ctx.json(downloads.daily(repo, days).stream().map(d -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("day", d.day().toString());
            m.put("count", d.count());
            return m;
        }).toList());
    }
}
