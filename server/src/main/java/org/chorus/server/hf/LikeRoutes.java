package org.chorus.server.hf;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import org.chorus.core.Names;
import org.chorus.hub.repos.Page;
import org.chorus.hub.repos.RepoLikes;
import org.chorus.hub.repos.RepoType;
import org.chorus.server.http.Auth;
import org.chorus.server.http.Routes;

/**
 * Likes as the Hub's clients call them: {@code POST/DELETE /api/{type}s/{repo}/like} (huggingface_hub's
 * {@code like}/{@code unlike}), {@code GET /api/users/{user}/likes} ({@code list_liked_repos}) and
 * {@code GET /api/{type}s/{repo}/likers} ({@code list_repo_likers}); lists page with {@code Link: rel="next"}.
 */
public final class LikeRoutes implements Routes {
    private static final int DEFAULT_LIMIT = 100;

    private final RepoLikes likes;

    public LikeRoutes(RepoLikes likes) {
        this.likes = likes;
    }

    @Override
    public void register(RoutesConfig routes) {
        for (RepoType type : RepoType.values()) {
            String repo = HubRequests.api(type) + "/{owner}/{repo}";
            routes.post(repo + "/like", ctx -> like(ctx, type, true));
            routes.delete(repo + "/like", ctx -> like(ctx, type, false));
            routes.get(repo + "/likers", ctx -> likers(ctx, type));
        }
        routes.get("/api/users/{user}/likes", this::likedBy);
    }

    private void like(Context ctx, RepoType type, boolean like) {
        long count = likes.like(Auth.required(ctx), HubRequests.repoId(ctx, type), like);
        ctx.json(Map.of("likes", count));
    }

    private void likedBy(Context ctx) {
        String user = Names.require("user", ctx.pathParam("user"));
        int limit = HubRequests.intParam(ctx, "limit", DEFAULT_LIMIT, 1, Page.MAX_LIMIT);
        int offset = HubRequests.offset(ctx);
        var page = likes.likedBy(HubRequests.caller(ctx), user, offset, limit);
        HubRequests.linkNextPage(ctx, page, offset, limit);
        ctx.json(page.items().stream().map(l -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("createdAt", l.likedAt().toString());
            m.put("repo", Map.of("name", l.repo().fullName(), "type", l.repo().type().wire()));
            return m;
        }).toList());
    }

    private void likers(Context ctx, RepoType type) {
        int limit = HubRequests.intParam(ctx, "limit", DEFAULT_LIMIT, 1, Page.MAX_LIMIT);
        int offset = HubRequests.offset(ctx);
        var page = likes.likers(HubRequests.caller(ctx), HubRequests.repoId(ctx, type), offset, limit);
        HubRequests.linkNextPage(ctx, page, offset, limit);
        ctx.json(page.items().stream().map(l -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("user", l.user());
            m.put("fullname", l.fullName());
            m.put("avatarUrl", "");
            m.put("type", "user");
            return m;
        }).toList());
    }
}
