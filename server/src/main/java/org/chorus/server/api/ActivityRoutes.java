package org.chorus.server.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.chorus.core.Names;
import org.chorus.hub.repos.Activity;
import org.chorus.hub.repos.Page;
import org.chorus.server.hf.HubRequests;
import org.chorus.server.http.Routes;

/**
 * Activity for profile and home pages: {@code GET /api/chorus/accounts/{name}/activity?days=} (commits per day) and
 * {@code GET /api/chorus/feed?account=&limit=&cursor=} (recent commits), over repositories the caller may read.
 */
public final class ActivityRoutes implements Routes {
    private final Activity activity;

    public ActivityRoutes(Activity activity) {
        this.activity = activity;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/api/chorus/accounts/{name}/activity", this::heatmap);
        routes.get("/api/chorus/feed", this::feed);
    }

    private void heatmap(Context ctx) {
        String name = Names.require("account", ctx.pathParam("name"));
        int days = HubRequests.intParam(ctx, "days", 365, 1, Activity.MAX_DAYS);
        ctx.json(activity.commitsPerDay(HubRequests.caller(ctx), name, days).stream().map(d -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("day", d.day().toString());
            m.put("count", d.count());
            return m;
        }).toList());
    }

    private void feed(Context ctx) {
        Optional<String> account = Optional.ofNullable(ctx.queryParam("account")).map(a -> Names.require("account", a));
        int limit = HubRequests.intParam(ctx, "limit", 30, 1, Page.MAX_LIMIT);
        int offset = HubRequests.offset(ctx);
        var page = activity.feed(HubRequests.caller(ctx), account, offset, limit);
        if (page.hasMore()) {
            HubRequests.linkNext(ctx, HubRequests.withParam(ctx, "cursor", HubRequests.cursor(offset + limit)));
        }
        ctx.json(page.items().stream().map(e -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("repo", Map.of("name", e.repo().fullName(), "type", e.repo().type().wire()));
            m.put("sha", e.sha());
            m.put("title", e.title());
            m.put("author", e.author());
            m.put("authorName", e.authorName());
            m.put("date", e.at().toString());
            return m;
        }).toList());
    }
}
