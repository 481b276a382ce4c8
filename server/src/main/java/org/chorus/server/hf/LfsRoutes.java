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
import java.util.concurrent.locks.ReentrantLock;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.hub.accounts.Role;
import org.chorus.hub.lfs.BoundedInputStream;
import org.chorus.hub.lfs.LargeFileStore;
import org.chorus.hub.repos.Repo;
import org.chorus.hub.repos.RepoType;
import org.chorus.hub.repos.Repos;
import org.chorus.server.hf.xet.XetRoutes;
import org.chorus.server.hf.xet.XetTokens;
import org.chorus.server.http.Auth;
import org.chorus.server.http.Json;
import org.chorus.server.http.Routes;

/**
 * The git-lfs batch API with {@code basic} transfers and the Hub's {@code multipart} extension. Upload and
 * download actions point at signed, expiring URLs, because clients send no token to them; each URL names who it
 * was issued for, and every use re-checks that access ({@link DerivedAccess}).
 */
public final class LfsRoutes implements Routes {
    static final String LFS_JSON = "application/vnd.git-lfs+json";
    private static final int MAX_BATCH_OBJECTS = 1000;
    /**
     * Part URLs in one batch answer, over all its objects (about 3 MB of JSON): a request's objects share this
     * budget, and an object's parts grow beyond the minimum part size when its share would not cover it.
     */
    static final int MAX_PARTS_PER_BATCH = 10_000;
    /** Part sizes are whole MiB. */
    private static final long PART_UNIT = 1 << 20;
    /** A multipart upload sends its parts one after another: its URLs live one more second per MiB of the object. */
    private static final long MULTIPART_BYTES_PER_SECOND = 1 << 20;

    private final Repos repos;
    private final LargeFileStore largeFiles;
    private final UrlSigner signer;
    private final long minPartSize;
    /** Serialises completions of one upload on this node (uploads share a stripe by hash, so one may wait for another upload's join). */
    private final ReentrantLock[] completions = java.util.stream.Stream.generate(ReentrantLock::new).limit(64).toArray(ReentrantLock[]::new);
    private final XetTokens xetTokens;
    private final FileSizeLimit sizes;
    private final DerivedAccess access;

    public LfsRoutes(Repos repos, LargeFileStore largeFiles, Clock clock, long minPartSize, FileSizeLimit sizes,
                     DerivedAccess access, XetTokens xetTokens) {
        this.repos = repos;
        this.largeFiles = largeFiles;
        this.signer = new UrlSigner(repos.signingKey(), clock);
        this.minPartSize = minPartSize;
        this.xetTokens = xetTokens;
        this.sizes = sizes;
        this.access = access;
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
        int count = body.path("objects").size();
        if (count > MAX_BATCH_OBJECTS) {
            throw ChorusException.invalid("at most " + MAX_BATCH_OBJECTS + " objects per batch request");
        }
        long partsPerObject = Math.max(1, MAX_PARTS_PER_BATCH / Math.max(count, 1));
        Signing signing = new Signing(HubRequests.base(ctx), repo, DerivedAccess.minter(Auth.principal(ctx)), partsPerObject);
        List<Map<String, Object>> objects = new ArrayList<>();
        for (JsonNode o : body.path("objects")) {
            String oid = o.path("oid").asText("");
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("oid", oid);
            m.put("size", o.path("size").isNumber() ? o.path("size") : null);
            long size;
            try {
                if (!LargeFileStore.isSha256(oid)) {
                    throw ChorusException.invalid("oid must be a lower-case sha256");
                }
                size = sizes.check("object " + oid, o.path("size"));
            } catch (ChorusException e) {
                m.put("error", Map.of("code", 422, "message", e.getMessage()));
                objects.add(m);
                continue;
            }
            if (upload && xet) {
                if (!repos.hasLargeFile(repo, oid, size)) {
                    m.put("actions", Map.of("upload", XetRoutes.uploadAction(xetTokens, signing.base(), repo, branch, signing.minter())));
                }
            } else if (upload) {
                uploadActions(m, signing, oid, size, multipart);
            } else if (repos.hasLargeFile(repo, oid, size)) {
                m.put("authenticated", true);
                long seconds = access.ttl().toSeconds();
                String href = objectUrl(signing, oid, size) + "?" + signedQuery(signing, "down", oid, size, 0, seconds);
                m.put("actions", Map.of("download", Map.of("href", href, "expires_in", seconds)));
            } else {
                m.put("error", Map.of("code", 404, "message", "object " + oid + " not found in this repository"));
            }
            objects.add(m);
        }
        ctx.contentType(LFS_JSON).result(Json.MAPPER.valueToTree(Map.of("transfer", xet ? "xet" : "basic", "objects", objects, "hash_algo", "sha256")).toString());
    }

    /** What every URL of one batch answer shares: where, for which repository, for whom, and each object's share of parts. */
    private record Signing(String base, Repo repo, String minter, long partsPerObject) {}

    private void uploadActions(Map<String, Object> m, Signing signing, String oid, long size, boolean multipart) {
        if (repos.hasLargeFile(signing.repo(), oid, size)) {
            return;
        }
        m.put("authenticated", true);
        long seconds = access.ttl().toSeconds();
        String url = objectUrl(signing, oid, size);
        if (multipart && size > minPartSize) {
            long partSize = partSize(size, signing.partsPerObject());
            long parts = partCount(size, partSize);
            seconds += size / MULTIPART_BYTES_PER_SECOND;
            String query = signedQuery(signing, "up", oid, size, partSize, seconds);
            Map<String, Object> header = new LinkedHashMap<>();
            header.put("chunk_size", Long.toString(partSize));
            for (long i = 1; i <= parts; i++) {
                header.put(String.format("%05d", i), url + "/part/" + i + "?" + query);
            }
            m.put("actions", Map.of("upload", Map.of("href", url + "/complete?" + query, "header", header, "expires_in", seconds)));
        } else {
            m.put("actions", Map.of("upload", Map.of("href", url + "?" + signedQuery(signing, "up", oid, size, 0, seconds), "expires_in", seconds)));
        }
    }

    /** The smallest whole-MiB part size, at least the minimum, that splits {@code size} into at most {@code maxParts}. */
    private long partSize(long size, long maxParts) {
        long needed = (size + maxParts - 1) / maxParts;
        return Math.max(minPartSize, (needed + PART_UNIT - 1) / PART_UNIT * PART_UNIT);
    }

    private static long partCount(long size, long partSize) {
        return (size + partSize - 1) / partSize;
    }

    private static String objectUrl(Signing s, String oid, long size) {
        return s.base() + "/api/chorus/lfs/" + s.repo().id() + "/" + oid + "/" + size;
    }

    /**
     * The query of a signed URL for one object: {@code action} (up or down), the part size of a multipart upload (0
     * otherwise) and the minter are all under the signature, so none can be changed.
     */
    private String signedQuery(Signing s, String action, String oid, long size, long partSize, long seconds) {
        return "part_size=" + partSize + "&by=" + s.minter() + "&"
                + signer.sign(purpose(action, s.repo().id(), oid, size, partSize, s.minter()), seconds);
    }

    private static String purpose(String action, String repoId, String oid, long size, long partSize, String minter) {
        return action + "|" + repoId + "|" + oid + "|" + size + "|" + partSize + "|" + minter;
    }

    /** The repository, object, size and part size a signed URL names, once its signature and its minter's access check out. */
    private record Signed(Repo repo, String oid, long size, long partSize) {}

    private Signed verify(Context ctx, String action) {
        String oid = ctx.pathParam("oid");
        long size = longParam(ctx.pathParam("size"), "size");
        long partSize = longParam(ctx.queryParam("part_size"), "part_size");
        String minter = ctx.queryParam("by") == null ? DerivedAccess.ANONYMOUS : ctx.queryParam("by");
        String rid = ctx.pathParam("rid");
        signer.verify(purpose(action, rid, oid, size, partSize, minter), ctx.queryParam("expires"), ctx.queryParam("sig"));
        sizes.check("object " + oid, size);
        Repo repo = access.require(rid, minter, action.equals("up") ? Role.WRITE : Role.READ);
        return new Signed(repo, oid, size, partSize);
    }

    private static long longParam(String value, String what) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ChorusException.invalid(what + " must be a number");
        }
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
        long parts = multipartCount(s);
        long part = longParam(ctx.pathParam("part"), "part");
        if (part < 1 || part > parts) {
            throw ChorusException.invalid("part must be between 1 and " + parts);
        }
        long expected = part < parts ? s.partSize() : s.size() - (parts - 1) * s.partSize();
        long declared = ctx.req().getContentLengthLong();
        if (declared >= 0 && declared != expected) {
            throw ChorusException.invalid("part " + part + " must have " + expected + " bytes, not " + declared);
        }
        try (InputStream in = new BoundedInputStream(ctx.req().getInputStream(), expected)) {
            largeFiles.putPart(uploadKey(s), (int) part, in);
        }
        ctx.header("ETag", "\"" + s.oid().substring(0, 16) + "-" + part + "\"");
        ctx.status(200).result("");
    }

    /**
     * Completion is idempotent: a client that lost the first answer retries, and a completion that finds the object
     * recorded for this repository is done. Only an object recorded for this repository counts: one stored for another
     * repository must still be uploaded here, so a completion never proves possession of bytes it did not send.
     * Completions of one upload on this node wait for each other (a stripe of locks); one on another node records the
     * object before it deletes the parts, so a completion that finds them gone finds the object recorded.
     */
    private void complete(Context ctx) {
        Signed s = verify(ctx, "up");
        int parts = (int) multipartCount(s);
        String key = uploadKey(s);
        ReentrantLock lock = completions[Math.floorMod(key.hashCode(), completions.length)];
        lock.lock();
        try {
            if (!repos.hasLargeFile(s.repo(), s.oid(), s.size())) {
                try {
                    largeFiles.completeParts(key, parts, s.oid(), s.size(), () -> repos.recordLargeFile(s.repo(), s.oid(), s.size()));
                } catch (ChorusException e) {
                    if (!repos.hasLargeFile(s.repo(), s.oid(), s.size())) {
                        throw e;
                    }
                }
            }
        } finally {
            lock.unlock();
        }
        ctx.contentType(LFS_JSON).result("{}");
    }

    /** The parts of a multipart upload; a URL signed for a single PUT has none. */
    private static long multipartCount(Signed s) {
        if (s.partSize() <= 0) {
            throw new ChorusException(ErrorCode.PERMISSION_DENIED, "this URL is not for a multipart upload");
        }
        return partCount(s.size(), s.partSize());
    }

    /** Parts staged under one batch answer's part size never mix with another's. */
    private static String uploadKey(Signed s) {
        return s.repo().id() + "-" + s.oid() + "-" + s.partSize();
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
