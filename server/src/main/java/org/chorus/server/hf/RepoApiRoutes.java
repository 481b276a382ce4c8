package org.chorus.server.hf;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.chorus.core.ChorusException;
import org.chorus.hub.repos.Page;
import org.chorus.hub.repos.Repo;
import org.chorus.hub.repos.RepoId;
import org.chorus.hub.repos.RepoQuery;
import org.chorus.hub.repos.RepoSearch;
import org.chorus.hub.repos.RepoType;
import org.chorus.hub.repos.Repos;
import org.chorus.server.http.Auth;
import org.chorus.server.http.Json;
import org.chorus.server.http.Routes;

/** Creating, deleting, describing and listing repositories (the lists from the search index), as the Hugging Face Hub API does. */
public final class RepoApiRoutes implements Routes {
    private static final int DEFAULT_LIMIT = 100;

    private final Repos repos;
    private final RepoSearch search;

    public RepoApiRoutes(Repos repos, RepoSearch search) {
        this.repos = repos;
        this.search = search;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/api/repos/create", this::create);
        routes.delete("/api/repos/delete", this::delete);
        routes.post("/api/repos/move", this::move);
        for (RepoType type : RepoType.values()) {
            String api = HubRequests.api(type);
            routes.get(api, ctx -> list(ctx, type));
            routes.get(api + "/{owner}/{repo}", ctx -> info(ctx, type, "HEAD"));
            routes.get(api + "/{owner}/{repo}/revision/{rev}", ctx -> info(ctx, type, ctx.pathParam("rev")));
            routes.put(api + "/{owner}/{repo}/settings", ctx -> settings(ctx, type));
        }
        routes.get("/api/chorus/models/{owner}/{repo}/family", this::family);
    }


    /**
     * The repository a create or delete body names: {@code organization} + {@code name}, or {@code name} as
     * {@code owner/name}, or a bare {@code name} in the caller's own namespace (what huggingface_hub sends for
     * {@code create_repo("x")}: {@code "organization": null}).
     */
    private static RepoId target(Context ctx, JsonNode body) {
        String name = body.path("name").asText(null);
        String org = body.path("organization").asText(null);
        if (name != null && org == null && name.contains("/")) {
            org = name.substring(0, name.indexOf('/'));
            name = name.substring(name.indexOf('/') + 1);
        } else if (org == null) {
            org = Auth.required(ctx).user().name();
        }
        String type = body.path("type").asText(null);
        if ("space".equals(type)) {
            throw ChorusException.invalid("spaces are not supported; use type model or dataset");
        }
        return RepoId.of(RepoType.parse(type), org, name);
    }

    private void create(Context ctx) {
        JsonNode body = Json.tree(ctx);
        RepoId id = target(ctx, body);
        boolean isPrivate = requestedPrivacy(body).orElse(false);
        if (body.hasNonNull("files")) {
            throw ChorusException.invalid("files at creation are not supported; commit them after creating the repository");
        }
        Repo repo = repos.create(Auth.required(ctx), id, isPrivate);
        String url = HubRequests.base(ctx) + "/" + repo.type().urlPrefix() + repo.fullName();
        ctx.json(Map.of("url", url, "name", repo.fullName(), "id", repo.id()));
    }

    private void delete(Context ctx) {
        RepoId id = target(ctx, Json.tree(ctx));
        repos.get(HubRequests.caller(ctx), id);
        repos.delete(Auth.required(ctx), id);
        ctx.json(Map.of());
    }

    /** huggingface_hub's {@code move_repo}: {@code {"fromRepo": "a/x", "toRepo": "b/y", "type": "model"}}. */
    private void move(Context ctx) {
        JsonNode body = Json.tree(ctx);
        RepoType type = RepoType.parse(body.path("type").asText(null));
        RepoId from = fullId(type, body.path("fromRepo").asText(null), "fromRepo");
        RepoId to = fullId(type, body.path("toRepo").asText(null), "toRepo");
        repos.get(HubRequests.caller(ctx), from);
        Repo moved = repos.move(Auth.required(ctx), from, to);
        ctx.json(Map.of("url", HubRequests.base(ctx) + "/" + moved.type().urlPrefix() + moved.fullName(), "name", moved.fullName()));
    }

    private static RepoId fullId(RepoType type, String fullName, String field) {
        if (fullName == null || fullName.indexOf('/') < 0 || fullName.indexOf('/') != fullName.lastIndexOf('/')) {
            throw ChorusException.invalid(field + " must be namespace/name");
        }
        return RepoId.of(type, fullName.substring(0, fullName.indexOf('/')), fullName.substring(fullName.indexOf('/') + 1));
    }

    private void settings(Context ctx, RepoType type) {
        JsonNode body = Json.tree(ctx);
        RepoId id = HubRequests.repoId(ctx, type);
        Repo repo = repos.get(HubRequests.caller(ctx), id);
        boolean p = requestedPrivacy(body).orElse(repo.isPrivate());
        repos.setPrivate(Auth.required(ctx), id, p);
        ctx.json(Map.of("private", p));
    }

    /**
     * The privacy a create or settings body asks for: {@code "private": true|false} (huggingface_hub, the JS client)
     * or {@code "visibility": "private"|"public"} (newer clients); absent or null says nothing. Anything else is
     * refused rather than read leniently: Jackson's {@code asBoolean()} made {@code "yes"}, {@code 0} or a typo in
     * {@code visibility} a public repository.
     */
    private static Optional<Boolean> requestedPrivacy(JsonNode body) {
        JsonNode flag = body.path("private");
        JsonNode visibility = body.path("visibility");
        if (given(flag) && !flag.isBoolean()) {
            throw ChorusException.invalid("private must be true or false");
        }
        if (given(visibility) && !(visibility.isTextual() && Set.of("private", "public").contains(visibility.textValue()))) {
            throw ChorusException.invalid("visibility must be public or private");
        }
        Optional<Boolean> byFlag = flag.isBoolean() ? Optional.of(flag.booleanValue()) : Optional.empty();
        Optional<Boolean> byVisibility = visibility.isTextual() ? Optional.of(visibility.textValue().equals("private"))
                : Optional.empty();
        if (byFlag.isPresent() && byVisibility.isPresent() && !byFlag.equals(byVisibility)) {
            throw ChorusException.invalid("private and visibility disagree; send one of them");
        }
        return byFlag.or(() -> byVisibility);
    }

    private static boolean given(JsonNode field) {
        return !field.isMissingNode() && !field.isNull();
    }

    private void info(Context ctx, RepoType type, String revision) {
        Repo repo = repos.get(HubRequests.caller(ctx), HubRequests.repoId(ctx, type));
        String commit = repos.resolve(repo, revision);
        Set<String> expand = expand(ctx);
        Map<String, Object> json = RepoJson.repo(repo, expand, () -> repos.tree(repo, commit, "", true, false),
                () -> repos.lineage(HubRequests.caller(ctx), repo));
        if (json.containsKey("sha")) {
            json.put("sha", commit);
        }
        ctx.json(json);
    }

    private void list(Context ctx, RepoType type) {
        int limit = HubRequests.intParam(ctx, "limit", DEFAULT_LIMIT, 1, RepoQuery.MAX_LIMIT);
        int offset = HubRequests.offset(ctx);
        RepoQuery q = query(ctx, type, offset, limit);
        Page<Repo> page = search.list(HubRequests.caller(ctx), q);
        Set<String> expand = expand(ctx);
        if (expand.isEmpty()) {
            expand.addAll(RepoJson.LIST_DEFAULT);
            if (HubRequests.boolParam(ctx, "full")) {
                expand.addAll(RepoJson.LIST_FULL);
            }
            if (HubRequests.boolParam(ctx, "cardData")) {
                expand.add("cardData");
            }
        }
        List<Map<String, Object>> items = page.items().stream().map(r -> RepoJson.repo(r, expand,
                () -> repos.tree(r, "HEAD", "", true, false), () -> repos.lineage(HubRequests.caller(ctx), r))).toList();
        if (page.hasMore()) {
            HubRequests.linkNext(ctx, HubRequests.withParam(ctx, "cursor", HubRequests.cursor(offset + limit)));
        }
        ctx.json(items);
    }

    /** The fields asked for, as {@code expand=} (huggingface_hub) or {@code expand[]=} (the Hub's own pages and the JS client). */
    private static Set<String> expand(Context ctx) {
        Set<String> expand = new HashSet<>(ctx.queryParams("expand"));
        expand.addAll(ctx.queryParams("expand[]"));
        return expand;
    }

    /**
     * The listing a request asks for, as {@code list_models} sends it: {@code search}, {@code author}, {@code filter}
     * (repeated or comma-separated tags), {@code pipeline_tag}, {@code sort}, {@code direction=1} for ascending.
     */
    public static RepoQuery query(Context ctx, RepoType type, int offset, int limit) {
        List<String> filters = new java.util.ArrayList<>();
        for (String f : ctx.queryParams("filter")) {
            for (String part : f.split(",")) {
                if (!part.isBlank()) {
                    filters.add(part.strip());
                }
            }
        }
        if (ctx.queryParam("pipeline_tag") != null) {
            filters.add(ctx.queryParam("pipeline_tag"));
        }
        return new RepoQuery(type, ctx.queryParam("search"), ctx.queryParam("author"), filters, ctx.queryParam("sort"),
                "1".equals(ctx.queryParam("direction")), offset, limit);
    }

    private void family(Context ctx) {
        int depth = HubRequests.intParam(ctx, "depth", 3, 1, 10);
        var tree = repos.family(HubRequests.caller(ctx), HubRequests.repoId(ctx, RepoType.MODEL), depth);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", tree.id());
        m.put("ancestors", tree.ancestors());
        m.put("descendants", tree.descendants());
        ctx.json(m);
    }
}
