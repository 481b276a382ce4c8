package org.chorus.server.hf;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import org.chorus.discovery.EcosystemChoice;
import org.chorus.discovery.Lineages;
import org.chorus.hub.repos.Page;
import org.chorus.hub.repos.RepoType;
import org.chorus.server.http.Routes;

/**
 * The model-tree explorer's JSON, read from an ecosystem's index ({@code ecosystem=}, default {@code hub}): a model's
 * family, the base models ranked by derivatives, and lineage drift along a family. Private models pass the caller's
 * read rule as everywhere: invisible ones are a 404 like missing ones, and never counted.
 */
public final class FamilyRoutes implements Routes {
    public static final String ECOSYSTEM = "ecosystem";
    private final EcosystemChoice ecosystems;

    public FamilyRoutes(EcosystemChoice ecosystems) {
        this.ecosystems = ecosystems;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/api/chorus/explore/families", this::families);
        routes.get("/api/chorus/explore/families/{owner}/{repo}", ctx -> ctx.json(lineages(ctx, ecosystems)
                .family(HubRequests.caller(ctx), HubRequests.repoId(ctx, RepoType.MODEL))));
        routes.get("/api/chorus/explore/drift/{owner}/{repo}", ctx -> ctx.json(lineages(ctx, ecosystems)
                .drift(HubRequests.caller(ctx), HubRequests.repoId(ctx, RepoType.MODEL))));
    }

    /** The families of the ecosystem the request names (none: the live hub); a malformed name is refused (400), an unknown one is 404. */
    public static Lineages lineages(Context ctx, EcosystemChoice ecosystems) {
        return ecosystems.lineages(ctx.queryParam(ECOSYSTEM));
    }

    private void families(Context ctx) {
        int offset = HubRequests.intParam(ctx, "offset", 0, 0, 10_000);
        int limit = HubRequests.intParam(ctx, "limit", 20, 1, 100);
        Page<Lineages.FamilyRank> page = lineages(ctx, ecosystems).families(HubRequests.caller(ctx), offset, limit);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("offset", offset);
        json.put("limit", limit);
        json.put("hasMore", page.hasMore());
        json.put("families", page.items());
        ctx.json(json);
    }
}
