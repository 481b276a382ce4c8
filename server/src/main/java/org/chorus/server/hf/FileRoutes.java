package org.chorus.server.hf;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.chorus.core.ChorusException;
import org.chorus.hub.repos.FileEntry;
import org.chorus.hub.repos.Repo;
import org.chorus.hub.repos.RepoType;
import org.chorus.hub.repos.Repos;
import org.chorus.hub.repos.TreeEntry;
import org.chorus.server.http.Json;
import org.chorus.server.http.ResponseChannel;
import org.chorus.storage.ChannelTransfer;
import org.chorus.server.http.Routes;

/** Tree listings, paths-info, and {@code resolve} downloads with ranges and the Hub's headers. */
public final class FileRoutes implements Routes {
    private static final int TREE_PAGE = 1000;

    private final Repos repos;

    public FileRoutes(Repos repos) {
        this.repos = repos;
    }

    @Override
    public void register(RoutesConfig routes) {
        for (RepoType type : RepoType.values()) {
            String api = HubRequests.api(type);
            routes.get(api + "/{owner}/{repo}/tree/{rev}", ctx -> tree(ctx, type, ""));
            routes.get(api + "/{owner}/{repo}/tree/{rev}/<path>", ctx -> tree(ctx, type, ctx.pathParam("path")));
            routes.post(api + "/{owner}/{repo}/paths-info/{rev}", ctx -> pathsInfo(ctx, type));
            String prefix = "/" + type.urlPrefix() + "{owner}/{repo}";
            routes.get(prefix + "/resolve/{rev}/<path>", ctx -> resolve(ctx, type, true));
            routes.head(prefix + "/resolve/{rev}/<path>", ctx -> resolve(ctx, type, false));
            routes.get(prefix + "/raw/{rev}/<path>", ctx -> resolve(ctx, type, true));
        }
    }

    private void tree(Context ctx, RepoType type, String path) {
        Repo repo = repos.get(HubRequests.caller(ctx), HubRequests.repoId(ctx, type));
        boolean expand = HubRequests.boolParam(ctx, "expand");
        int offset = HubRequests.offset(ctx);
        int limit = HubRequests.intParam(ctx, "limit", TREE_PAGE, 1, TREE_PAGE);
        List<TreeEntry> all = repos.tree(repo, ctx.pathParam("rev"), path, HubRequests.boolParam(ctx, "recursive"), false);
        List<TreeEntry> page = all.subList(Math.min(offset, all.size()), Math.min(offset + limit, all.size()));
        if (expand) {
            List<String> paths = page.stream().map(TreeEntry::path).toList();
            page = paths.isEmpty() ? page : repos.pathsInfo(repo, ctx.pathParam("rev"), paths, true);
        }
        if (offset + limit < all.size()) {
            HubRequests.linkNext(ctx, HubRequests.withParam(ctx, "cursor", HubRequests.cursor(offset + limit)));
        }
        ctx.json(page.stream().map(RepoJson::entry).toList());
    }

    private void pathsInfo(Context ctx, RepoType type) {
        Repo repo = repos.get(HubRequests.caller(ctx), HubRequests.repoId(ctx, type));
        List<String> paths = new ArrayList<>();
        boolean expand;
        String contentType = ctx.contentType();
        if (contentType != null && contentType.startsWith("application/x-www-form-urlencoded")) {
            paths.addAll(ctx.formParams("paths"));
            expand = "true".equalsIgnoreCase(ctx.formParam("expand")) || "1".equals(ctx.formParam("expand"));
        } else {
            JsonNode body = Json.tree(ctx);
            if (!body.path("paths").isArray()) {
                throw ChorusException.invalid("paths must be an array of file paths");
            }
            for (JsonNode p : body.path("paths")) {
                if (!p.isTextual()) {
                    throw ChorusException.invalid("paths must be an array of file paths");
                }
                paths.add(p.textValue());
            }
            expand = body.path("expand").asBoolean(false);
        }
        if (paths.isEmpty()) {
            // also what a JSON body sent as a form becomes: no field named paths, so it would have answered [] for anything
            throw ChorusException.invalid("paths is required: one or more file paths (form fields paths=…, or JSON {\"paths\": […]})");
        }
        if (paths.size() > 1000) {
            throw ChorusException.invalid("at most 1000 paths per request");
        }
        ctx.json(repos.pathsInfo(repo, ctx.pathParam("rev"), paths, expand).stream().map(RepoJson::entry).toList());
    }

    private void resolve(Context ctx, RepoType type, boolean body) throws IOException {
        Repo repo = repos.get(HubRequests.caller(ctx), HubRequests.repoId(ctx, type));
        FileEntry file = repos.file(repo, ctx.pathParam("rev"), ctx.pathParam("path"));
        ctx.header("X-Repo-Commit", file.commit());
        ctx.header("ETag", file.etag());
        ctx.header("Accept-Ranges", "bytes");
        if (file.lfs() != null) {
            ctx.header("X-Linked-Size", Long.toString(file.lfs().size()));
            ctx.header("X-Linked-ETag", file.etag());
        }
        ByteRange r = file.size() == 0 ? new ByteRange(0, 0, 0, false) : ByteRange.of(ctx, file.size());
        String ifNoneMatch = ctx.header("If-None-Match");
        if (ifNoneMatch != null && ifNoneMatch.equals(file.etag()) && !r.partial()) {
            ctx.status(304);
            return;
        }
        if (body && r.start() == 0 && !(r.partial() && r.length() == 1) && Repos.countsAsDownload(file.path())) {
            repos.countDownload(repo);
        }
        var res = ctx.res();
        res.setStatus(r.partial() ? 206 : 200);
        res.setContentType("application/octet-stream");
        res.setHeader("Content-Length", Long.toString(r.length()));
        if (r.partial()) {
            res.setHeader("Content-Range", r.contentRange());
        }
        String name = file.path().substring(file.path().lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9._-]", "_");
        res.setHeader("Content-Disposition", "inline; filename=\"" + name + "\"");
        if (!body || r.length() == 0) {
            res.flushBuffer();
            return;
        }
        try (InputStream in = repos.open(repo, file, r.start(), r.length()); OutputStream out = res.getOutputStream()) {
            if (in instanceof ChannelTransfer stored) {
                stored.transferTo(ResponseChannel.of(ctx));
            } else {
                in.transferTo(out);
            }
        }
    }

}
