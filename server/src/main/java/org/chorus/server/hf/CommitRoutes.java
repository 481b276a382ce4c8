package org.chorus.server.hf;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.core.NulText;
import org.chorus.hub.accounts.Principal;
import org.chorus.hub.lfs.LfsPointer;
import org.chorus.hub.repos.CommitRequest;
import org.chorus.hub.repos.FileEntry;
import org.chorus.hub.repos.Page;
import org.chorus.hub.repos.Repo;
import org.chorus.hub.repos.RepoId;
import org.chorus.hub.repos.RepoRefs;
import org.chorus.hub.repos.RepoType;
import org.chorus.hub.repos.Repos;
import org.chorus.server.http.Json;
import org.chorus.server.http.Routes;

/** Preupload, the NDJSON commit endpoint, commit listings, branches (and squashing one), tags and refs. */
public final class CommitRoutes implements Routes {
    /** Files at least this large go over LFS, as on the Hub. */
    static final long LFS_THRESHOLD = Repos.MAX_REGULAR_FILE_BYTES;

    private final Repos repos;
    private final FileSizeLimit sizes;

    public CommitRoutes(Repos repos, FileSizeLimit sizes) {
        this.repos = repos;
        this.sizes = sizes;
    }

    @Override
    public void register(RoutesConfig routes) {
        for (RepoType type : RepoType.values()) {
            String api = HubRequests.api(type) + "/{owner}/{repo}";
            routes.post(api + "/preupload/{rev}", ctx -> preupload(ctx, type));
            routes.post(api + "/commit/{rev}", ctx -> commit(ctx, type));
            routes.get(api + "/commits/{rev}", ctx -> commits(ctx, type));
            routes.get(api + "/refs", ctx -> refs(ctx, type));
            routes.post(api + "/branch/{branch}", ctx -> createBranch(ctx, type));
            routes.delete(api + "/branch/{branch}", ctx -> {
                repos.deleteBranch(HubRequests.writer(repos, ctx, type), HubRequests.repoId(ctx, type), ctx.pathParam("branch"));
                ctx.json(Map.of());
            });
            routes.post(api + "/tag/{rev}", ctx -> createTag(ctx, type));
            routes.post(api + "/super-squash/{branch}", ctx -> superSquash(ctx, type));
            routes.delete(api + "/tag/{tag}", ctx -> {
                repos.deleteTag(HubRequests.writer(repos, ctx, type), HubRequests.repoId(ctx, type), ctx.pathParam("tag"));
                ctx.json(Map.of());
            });
        }
    }

    private void preupload(Context ctx, RepoType type) throws IOException {
        Repo repo = repos.requireWrite(HubRequests.caller(ctx), HubRequests.repoId(ctx, type));
        JsonNode body = Json.tree(ctx);
        // One commit for both answers: the client's parent, and the attributes that decide its upload modes.
        String commit = repos.resolve(repo, ctx.pathParam("rev"));
        String attributes = body.hasNonNull("gitAttributes") ? body.path("gitAttributes").asText() : currentAttributes(repo, commit);
        List<Map<String, Object>> files = new ArrayList<>();
        for (JsonNode f : body.path("files")) {
            String path = org.chorus.hub.repos.RepoPaths.requireNew(f.path("path").asText(null));
            long size = sizes.check("file '" + path + "'", f.path("size"));
            byte[] sample = sample(path, f.path("sample").asText(""));
            // Text that is an LFS pointer goes over LFS as its own bytes: as a regular file it would stand for the file
            // it names, which a commit refuses unless this repository holds that file.
            boolean lfs = size >= LFS_THRESHOLD || org.chorus.hub.repos.LfsAttributes.tracks(attributes, path) || NulText.contains(sample)
                    || LfsPointer.parse(sample).isPresent();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("path", path);
            m.put("uploadMode", lfs ? "lfs" : "regular");
            m.put("shouldIgnore", false);
            files.add(m);
        }
        ctx.json(Map.of("files", files, "commitOid", commit));
    }

    private String currentAttributes(Repo repo, String commit) throws IOException {
        try {
            FileEntry f = repos.file(repo, commit, ".gitattributes");
            try (InputStream in = repos.open(repo, f, 0, Math.min(f.size(), 1 << 20))) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (ChorusException e) {
            if (e.code() == ErrorCode.ENTRY_NOT_FOUND) {
                return "";
            }
            throw e;
        }
    }

    private static byte[] sample(String path, String base64) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw ChorusException.invalid("'sample' of file '" + path + "' is not valid base64: " + e.getMessage());
        }
    }

    private void commit(Context ctx, RepoType type) {
        RepoId id = HubRequests.repoId(ctx, type);
        Principal actor = HubRequests.writer(repos, ctx, type);
        if (HubRequests.boolParam(ctx, "create_pr")) {
            throw ChorusException.invalid("pull requests are not supported yet");
        }
        CommitRequest request = NdjsonCommit.parse(ctx.body(), ctx.pathParam("rev"), sizes);
        String oid = repos.commit(actor, id, request);
        String url = HubRequests.base(ctx) + "/" + type.urlPrefix() + id.fullName() + "/commit/" + oid;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("success", true);
        m.put("commitOid", oid);
        m.put("commitUrl", url);
        m.put("commitMessage", request.summary());
        m.put("hookOutput", "");
        m.put("pullRequestUrl", null);
        ctx.json(m);
    }

    private void commits(Context ctx, RepoType type) {
        Repo repo = repos.get(HubRequests.caller(ctx), HubRequests.repoId(ctx, type));
        int limit = HubRequests.intParam(ctx, "limit", 50, 1, 1000);
        int page = HubRequests.intParam(ctx, "p", 0, 0, Integer.MAX_VALUE / 1000 - 1);
        Page<org.chorus.hub.repos.CommitInfo> commits = repos.commits(repo, ctx.pathParam("rev"), page * limit, limit);
        ctx.header("X-Total-Count", Long.toString(commits.total()));
        if (commits.hasMore()) {
            HubRequests.linkNext(ctx, HubRequests.withParam(ctx, "p", Integer.toString(page + 1)));
        }
        ctx.json(commits.items().stream().map(RepoJson::commit).toList());
    }

    private void refs(Context ctx, RepoType type) {
        Repo repo = repos.get(HubRequests.caller(ctx), HubRequests.repoId(ctx, type));
        RepoRefs refs = repos.refs(repo);
        ctx.json(Map.of("branches", refs.branches(), "tags", refs.tags(), "converts", List.of()));
    }

    private void createBranch(Context ctx, RepoType type) {
        JsonNode body = ctx.body().isBlank() ? Json.MAPPER.createObjectNode() : Json.tree(ctx);
        if (body.path("emptyBranch").asBoolean(false)) {
            throw ChorusException.invalid("empty branches are not supported yet");
        }
        repos.createBranch(HubRequests.writer(repos, ctx, type), HubRequests.repoId(ctx, type), ctx.pathParam("branch"),
                body.path("startingPoint").asText(null), body.path("overwrite").asBoolean(false));
        ctx.json(Map.of());
    }

    /** huggingface_hub's {@code super_squash_history}: body {@code {"message"}} optional; answers the new commit's id. */
    private void superSquash(Context ctx, RepoType type) {
        JsonNode body = ctx.body().isBlank() ? Json.MAPPER.createObjectNode() : Json.tree(ctx);
        JsonNode message = body.path("message");
        if (!message.isMissingNode() && !message.isNull() && !message.isTextual()) {
            throw ChorusException.invalid("message must be a string");
        }
        String commit = repos.superSquash(HubRequests.writer(repos, ctx, type), HubRequests.repoId(ctx, type), ctx.pathParam("branch"), message.asText(null));
        ctx.json(Map.of("commitOid", commit));
    }

    private void createTag(Context ctx, RepoType type) {
        JsonNode body = Json.tree(ctx);
        repos.createTag(HubRequests.writer(repos, ctx, type), HubRequests.repoId(ctx, type), body.path("tag").asText(null), ctx.pathParam("rev"),
                body.path("message").asText(null));
        ctx.json(Map.of());
    }
}
