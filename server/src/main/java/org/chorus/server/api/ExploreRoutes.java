package org.chorus.server.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import org.chorus.discovery.EcosystemChoice;
import org.chorus.discovery.Explorers;
import org.chorus.discovery.Explorers.Measure;
import org.chorus.hub.repos.Activity;
import org.chorus.hub.repos.Page;
import org.chorus.server.hf.HubRequests;
import org.chorus.server.http.Routes;

/**
 * The ecosystem explorers' data ({@code /api/chorus/explore/…}), what the {@code /explore} pages draw: owners
 * ranked (ModelVerse), one owner's models by task, the treemap's organisations and tasks, datasets by column
 * (DataVerse), the datasets models were trained on, and commits per week across organisations. Every view takes
 * {@code ecosystem} (default {@code hub}) and counts only what the caller may read.
 */
public final class ExploreRoutes implements Routes {
    private final Explorers explorers;
    private final Activity activity;

    /** The answers' shapes (field order as written). */
    record Ranking(long total, boolean hasMore, List<Explorers.Organization> organizations) {}

    record Profile(Explorers.Organization organization, List<Explorers.TaskShare> tasks) {}

    record TrainedOn(String dataset, long models) {}

    record TrainedOnPage(long total, boolean hasMore, List<TrainedOn> datasets) {}

    record Weeks(String firstWeek, List<Activity.OrgWeek> organizations) {}

    public ExploreRoutes(Explorers explorers, Activity activity) {
        this.explorers = explorers;
        this.activity = activity;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/api/chorus/explore/organizations", this::organizations);
        routes.get("/api/chorus/explore/organizations/{name}", this::organization);
        routes.get("/api/chorus/explore/treemap", this::treemap);
        routes.get("/api/chorus/explore/datasets", this::datasets);
        routes.get("/api/chorus/explore/trained-on", this::trainedOn);
        routes.get("/api/chorus/explore/activity", this::activity);
    }

    private void organizations(Context ctx) {
        Page<Explorers.Organization> page = explorers.organizations(HubRequests.caller(ctx), ctx.queryParam("ecosystem"),
                Measure.parse(ctx.queryParam("sort")), HubRequests.intParam(ctx, "offset", 0, 0, Explorers.MAX_OFFSET),
                HubRequests.intParam(ctx, "limit", 50, 1, Explorers.MAX_LIMIT));
        ctx.json(new Ranking(page.total(), page.hasMore(), page.items()));
    }

    private void organization(Context ctx) {
        Explorers.Profile p = explorers.organization(HubRequests.caller(ctx), ctx.queryParam("ecosystem"), ctx.pathParam("name"),
                Measure.parse(ctx.queryParam("sort")));
        ctx.json(new Profile(p.totals(), p.tasks()));
    }

    private void treemap(Context ctx) {
        ctx.json(explorers.treemap(HubRequests.caller(ctx), ctx.queryParam("ecosystem"), Measure.parse(ctx.queryParam("size")),
                HubRequests.intParam(ctx, "organizations", 30, 1, Explorers.MAX_TREEMAP)).stream().map(p -> new Profile(p.totals(), p.tasks())).toList());
    }

    private void datasets(Context ctx) {
        Explorers.Datasets d = explorers.datasets(HubRequests.caller(ctx), ctx.queryParam("ecosystem"),
                HubRequests.intParam(ctx, "limit", 20, 1, Explorers.MAX_LIMIT));
        ctx.json(d);
    }

    private void trainedOn(Context ctx) {
        Page<Explorers.ValueCount> page = explorers.trainedOn(HubRequests.caller(ctx), ctx.queryParam("ecosystem"),
                HubRequests.intParam(ctx, "offset", 0, 0, Explorers.MAX_OFFSET), HubRequests.intParam(ctx, "limit", 50, 1, Explorers.MAX_LIMIT));
        ctx.json(new TrainedOnPage(page.total(), page.hasMore(), page.items().stream().map(v -> new TrainedOn(v.value(), v.count())).toList()));
    }

    private void activity(Context ctx) {
        EcosystemChoice.requireHub(ctx.queryParam("ecosystem"), "commit activity");
        Activity.OrgWeeks weeks = activity.commitsPerWeekByOrganization(HubRequests.caller(ctx),
                HubRequests.intParam(ctx, "weeks", 52, 1, Activity.MAX_WEEKS), HubRequests.intParam(ctx, "limit", 30, 1, Activity.MAX_ORGANIZATIONS));
        ctx.json(new Weeks(weeks.firstWeek().toString(), weeks.rows()));
    }
}
