package org.chorus.server.hf;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chorus.core.ChorusException;
import org.chorus.hub.repos.LfsFile;
import org.chorus.hub.repos.Page;
import org.chorus.hub.repos.RepoType;
import org.chorus.hub.repos.Repos;
import org.chorus.server.http.Json;
import org.chorus.server.http.Routes;

/**
 * A repository's storage as huggingface_hub manages it: {@code GET /api/{type}s/{repo}/lfs-files} ({@code list_lfs_files},
 * paged with {@code Link: rel="next"}) and {@code POST …/lfs-files/batch} ({@code permanently_delete_lfs_files}, body
 * {@code {"deletions": {"sha": [...], "rewriteHistory": false}}}). History is never rewritten here, so
 * {@code rewriteHistory: true} — the client's default — is refused with the way to call it.
 */
public final class LfsFilesRoutes implements Routes {
    private static final int DEFAULT_LIMIT = 100;

    private final Repos repos;

    public LfsFilesRoutes(Repos repos) {
        this.repos = repos;
    }

    @Override
    public void register(RoutesConfig routes) {
        for (RepoType type : RepoType.values()) {
            String api = HubRequests.api(type) + "/{owner}/{repo}/lfs-files";
            routes.get(api, ctx -> list(ctx, type));
            routes.post(api + "/batch", ctx -> delete(ctx, type));
        }
    }

    private void list(Context ctx, RepoType type) {
        int limit = HubRequests.intParam(ctx, "limit", DEFAULT_LIMIT, 1, Page.MAX_LIMIT);
        int offset = HubRequests.offset(ctx);
        Page<LfsFile> page = repos.lfsFiles(HubRequests.writer(repos, ctx, type), HubRequests.repoId(ctx, type), offset, limit);
        HubRequests.linkNextPage(ctx, page, offset, limit);
        ctx.json(page.items().stream().map(f -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("fileOid", f.oid());
            m.put("oid", f.oid());
            m.put("filename", f.filename());
            m.put("size", f.size());
            m.put("pushedAt", f.pushedAt().toString());
            return m;
        }).toList());
    }

    private void delete(Context ctx, RepoType type) {
        // a writer at least before the body is read; removing needs admin, which the service checks
        var actor = HubRequests.writer(repos, ctx, type);
        JsonNode deletions = Json.tree(ctx).path("deletions");
        JsonNode sha = deletions.path("sha");
        if (!sha.isArray() || sha.isEmpty() || sha.size() > Page.MAX_LIMIT) {
            throw ChorusException.invalid("deletions.sha must list 1 to " + Page.MAX_LIMIT + " large files' sha256");
        }
        if (!deletions.path("rewriteHistory").isBoolean()) {
            throw ChorusException.invalid("deletions.rewriteHistory must be true or false");
        }
        if (deletions.path("rewriteHistory").asBoolean()) {
            throw ChorusException.invalid("Chorus does not rewrite history: pass rewriteHistory false (huggingface_hub:"
                    + " permanently_delete_lfs_files(..., rewrite_history=False)); commits that name these files then read"
                    + " their pointers as text, and 'chorus storage gc' frees the bytes no other repository holds. To drop old"
                    + " versions from the history itself, super_squash_history the branch first");
        }
        List<String> oids = new ArrayList<>();
        for (JsonNode oid : sha) {
            if (!oid.isTextual()) {
                throw ChorusException.invalid("deletions.sha must list strings");
            }
            oids.add(oid.asText());
        }
        ctx.json(Map.of("deleted", repos.deleteLfsFiles(actor, HubRequests.repoId(ctx, type), oids)));
    }
}
