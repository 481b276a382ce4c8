package org.chorus.server.web.explore;

import io.javalin.http.Context;
import java.util.Optional;
import org.chorus.discovery.EcosystemChoice;
import org.chorus.discovery.Lineages;
import org.chorus.hub.accounts.Principal;
import org.chorus.hub.repos.Page;
import org.chorus.hub.repos.RepoId;
import org.chorus.hub.repos.RepoType;
import org.chorus.server.hf.FamilyRoutes;
import org.chorus.server.hf.HubRequests;
import org.chorus.server.web.Links;
import org.chorus.server.web.Pages;
import org.chorus.server.web.WebAuth;

/**
 * The model-tree explorer's pages: {@code /explore/families} (base models by derivatives) and
 * {@code /explore/families/{owner}/{repo}} (a model's family tree and its lineage drift). Read through the same
 * {@link Lineages} as {@link FamilyRoutes}, so a page shows what its API answers.
 */
public final class FamilyPages {
    static final int PAGE_SIZE = 30;
    static final int MAX_PAGE = 10_000 / PAGE_SIZE;

    private final WebAuth auth;
    private final EcosystemChoice ecosystems;

    public FamilyPages(WebAuth auth, EcosystemChoice ecosystems) {
        this.auth = auth;
        this.ecosystems = ecosystems;
    }

    public void families(Context ctx) {
        int page = HubRequests.intParam(ctx, "p", 0, 0, MAX_PAGE);
        String ecosystem = ctx.queryParam(FamilyRoutes.ECOSYSTEM);
        ExploreLinks links = ExploreLinks.of(ecosystem);
        Page<Lineages.FamilyRank> ranked = FamilyRoutes.lineages(ctx, ecosystems).families(auth.principal(ctx), page * PAGE_SIZE, PAGE_SIZE);
        Pages.render(ctx, "explore/families.jte", new FamiliesView(auth.shell(ctx, "Model families"),
                EcosystemPicker.of(ecosystem, Links.families(0), ecosystems), links, ranked.items(), page * PAGE_SIZE + 1,
                page > 0 ? links.families(page - 1) : null, ranked.hasMore() && page < MAX_PAGE ? links.families(page + 1) : null));
    }

    public void family(Context ctx) {
        RepoId model = HubRequests.repoId(ctx, RepoType.MODEL);
        Optional<Principal> caller = auth.principal(ctx);
        Lineages lineages = FamilyRoutes.lineages(ctx, ecosystems);
        Lineages.Family family = lineages.family(caller, model);
        String ecosystem = ctx.queryParam(FamilyRoutes.ECOSYSTEM);
        Pages.render(ctx, "explore/family.jte", FamilyView.of(auth.shell(ctx, family.id() + " · family tree"),
                EcosystemPicker.of(ecosystem, Links.families(0), ecosystems), ExploreLinks.of(ecosystem), family, lineages.drift(caller, model)));
    }
}
