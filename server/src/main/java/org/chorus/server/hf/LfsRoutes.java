package org.chorus.server.hf;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.hub.accounts.Role;
import org.chorus.hub.lfs.BoundedInputStream;
import org.chorus.hub.lfs.LargeFileStore;
import org.chorus.hub.repos.Repo;
import org.chorus.hub.repos.RepoType;
import org.chorus.hub.repos.Repos;
import org.chorus.server.http.Json;
import org.chorus.server.hf.xet.XetRoutes;
import org.chorus.server.hf.xet.XetTokens;
import org.chorus.server.http.Routes;

/**
 * The git-lfs batch API with {@code basic} transfers and the Hub's {@code multipart} extension. Upload and
 * download actions point at signed, expiring URLs, because clients send no token to them.
 */
public final class LfsRoutes implements Routes {
    static final String LFS_JSON = "application/vnd.git-lfs+json";
    private static final long URL_SECONDS = 3600;
    private static final int MAX_BATCH_OBJECTS = 1000;

    private final Repos repos;
    private final LargeFileStore largeFiles;
    private final UrlSigner signer;
    private final long chunkSize;
    private final XetTokens xetTokens;

    public LfsRoutes(Repos repos, LargeFileStore largeFiles, Clock clock, long chunkSize) {
        this.repos = repos;
        this.largeFiles = largeFiles;
        this.signer = new UrlSigner(repos.signingKey(), clock);
        this.chunkSize = chunkSize;
        this.xetTokens = new XetTokens(repos.signingKey(), clock);
    }

    @Override
    public void register(RoutesConfig routes) {
        for (RepoType type : RepoType.values()) {
            routes.post("/" + type.urlPrefix() + "{owner}/{repo}/info/lfs/objects/batch", ctx -> batch(ctx, type));
        }
        String obj = "/api/chorus/lfs/{rid}/{oid}/{size}";
        routes.put(obj, this::upload);
        routes.put(obj + "/part/{part}", this::uploadPart);
        routes.post(obj + "/complete", this::complete);
        routes.get(obj, this::download);
    }

    private void batch(Context ctx, RepoType type) {
        JsonNode body = Json.tree(ctx);
        String operation = body.path("operation").asText("");
        if (!operation.equals("upload") && !operation.equals("download")) {
            throw ChorusException.invalid("operation must be upload or download");
        }
        String algo = body.path("hash_algo").asText("sha256");
        if (!algo.equals("sha256") && !algo.equals("sha_256")) {
            throw new ChorusException(ErrorCode.CONFLICT, "hash_algo " + algo + " is not supported; use sha256");
        }
        boolean upload = operation.equals("upload");
        Repo repo = RepoGate.require(ctx, repos, HubRequests.repoId(ctx, type), upload ? Role.WRITE : Role.READ);
        boolean multipart = false;
        boolean xet = false;
        for (JsonNode t : body.path("transfers")) {
            multipart |= t.asText().equals("multipart");
            xet |= upload && t.asText().equals("xet");
        }
        String branch = body.path("ref").path("name").asText("main").replaceFirst("^refs/heads/", "");
        String base = HubRequests.base(ctx);
        if (body.path("objects").size() > MAX_BATCH_OBJECTS) {
            throw ChorusException.invalid("at most " + MAX_BATCH_OBJECTS + " objects per batch request");
        }
        List<Map<String, Object>> objects = new ArrayList<>();
        for (JsonNode o : body.path("objects")) {
            String oid = o.path("oid").asText("");
            long size = o.path("size").asLong(-1);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("oid", oid);
            m.put("size", size);
            if (!LargeFileStore.isSha256(oid) || size < 0 || !o.path("size").canConvertToLong()) {
                m.put("error", Map.of("code", 422, "message", "oid must be a lower-case sha256 and size a non-negative integer"));
            } else if (upload && xet) {
                if (!repos.hasLargeFile(repo, oid, size)) {
                    m.put("actions", Map.of("upload", XetRoutes.uploadAction(xetTokens, base, repo, branch)));
                }
            } else if (upload) {
                uploadActions(m, base, repo, oid, size, multipart);
            } else if (repos.hasLargeFile(repo, oid, size)) {
                m.put("authenticated", true);
                String url = base + path(repo, oid, size) + "?" + signer.sign(purpose("down", repo, oid, size), URL_SECONDS);
                m.put("actions", Map.of("download", Map.of("href", url, "expires_in", URL_SECONDS)));
            } else {
                m.put("error", Map.of("code", 404, "message", "object " + oid + " not found in this repository"));
            }
            objects.add(m);
        }
        ctx.contentType(LFS_JSON).result(Json.MAPPER.valueToTree(Map.of("transfer", xet ? "xet" : "basic", "objects", objects, "hash_algo", "sha256")).toString());
    }

    private void uploadActions(Map<String, Object> m, String base, Repo repo, String oid, long size, boolean multipart) {
        if (repos.hasLargeFile(repo, oid, size)) {
            return;
        }
        m.put("authenticated", true);
        String url = base + path(repo, oid, size);
        String sig = signer.sign(purpose("up", repo, oid, size), URL_SECONDS);
        if (multipart && size > chunkSize) {
            Map<String, Object> header = new LinkedHashMap<>();
            header.put("chunk_size", Long.toString(chunkSize));
            long parts = (size + chunkSize - 1) / chunkSize;
            for (int i = 1; i <= parts; i++) {
                header.put(String.format("%05d", i), url + "/part/" + i + "?" + sig);
            }
            m.put("actions", Map.of("upload", Map.of("href", url + "/complete?" + sig, "header", header, "expires_in", URL_SECONDS)));
        } else {
            m.put("actions", Map.of("upload", Map.of("href", url + "?" + sig, "expires_in", URL_SECONDS)));
        }
    }

    private static String path(Repo repo, String oid, long size) {
        return "/api/chorus/lfs/" + repo.id() + "/" + oid + "/" + size;
    }

    private static String purpose(String what, Repo repo, String oid, long size) {
        return what + "|" + repo.id() + "|" + oid + "|" + size;
    }

    /** The repository, object and size a signed URL names, once its signature checks out. */
    private record Signed(Repo repo, String oid, long size) {}

    private Signed verify(Context ctx, String what) {
        String oid = ctx.pathParam("oid");
        long size;
        try {
            size = Long.parseLong(ctx.pathParam("size"));
        } catch (NumberFormatException e) {
            throw ChorusException.invalid("size must be a number");
        }
        String rid = ctx.pathParam("rid");
        signer.verify(what + "|" + rid + "|" + oid + "|" + size, ctx.queryParam("expires"), ctx.queryParam("sig"));
        Repo repo = repos.findById(rid).orElseThrow(() -> new ChorusException(ErrorCode.REPO_NOT_FOUND, "the repository was deleted"));
        return new Signed(repo, oid, size);
    }

    private void upload(Context ctx) throws IOException {
        Signed s = verify(ctx, "up");
        long declared = ctx.req().getContentLengthLong();
        if (declared >= 0 && declared != s.size()) {
            throw ChorusException.invalid("upload has " + declared + " bytes but the object has " + s.size());
        }
        try (InputStream in = ctx.req().getInputStream()) {
            largeFiles.put(s.oid(), s.size(), in);
        }
        repos.recordLargeFile(s.repo(), s.oid(), s.size());
        ctx.status(200).result("");
    }

    private void uploadPart(Context ctx) throws IOException {
        Signed s = verify(ctx, "up");
        int part;
        try {
            part = Integer.parseInt(ctx.pathParam("part"));
        } catch (NumberFormatException e) {
            throw ChorusException.invalid("part must be a number");
        }
        long parts = (s.size() + chunkSize - 1) / chunkSize;
        if (part < 1 || part > parts) {
            throw ChorusException.invalid("part must be between 1 and " + parts);
        }
        long expected = part < parts ? chunkSize : s.size() - (parts - 1) * chunkSize;
        long declared = ctx.req().getContentLengthLong();
        if (declared >= 0 && declared != expected) {
            throw ChorusException.invalid("part " + part + " must have " + expected + " bytes, not " + declared);
        }
        try (InputStream in = new BoundedInputStream(ctx.req().getInputStream(), expected)) {
            largeFiles.putPart(uploadKey(s), part, in);
        }
        ctx.header("ETag", "\"" + s.oid().substring(0, 16) + "-" + part + "\"");
        ctx.status(200).result("");
    }

    private void complete(Context ctx) {
        Signed s = verify(ctx, "up");
        long parts = (s.size() + chunkSize - 1) / chunkSize;
        largeFiles.completeParts(uploadKey(s), (int) parts, s.oid(), s.size());
        repos.recordLargeFile(s.repo(), s.oid(), s.size());
        ctx.contentType(LFS_JSON).result("{}");
    }

    private static String uploadKey(Signed s) {
        return s.repo().id() + "-" + s.oid();
    }

    private void download(Context ctx) throws IOException {
        Signed s = verify(ctx, "down");
        if (!repos.hasLargeFile(s.repo(), s.oid(), s.size())) {
            throw new ChorusException(ErrorCode.ENTRY_NOT_FOUND, "object " + s.oid() + " not found");
        }
        var res = ctx.res();
        res.setStatus(200);
        res.setContentType("application/octet-stream");
        res.setHeader("Content-Length", Long.toString(s.size()));
        try (InputStream in = largeFiles.open(s.oid(), 0, s.size()); OutputStream out = res.getOutputStream()) {
            in.transferTo(out);
        }
    }
}
