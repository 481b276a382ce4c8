package org.chorus.server.hf.xet;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.hub.accounts.Principal;
import org.chorus.hub.accounts.Role;
import org.chorus.hub.lfs.BoundedInputStream;
import org.chorus.hub.lfs.XetFileIndex;
import org.chorus.hub.repos.FileEntry;
import org.chorus.hub.repos.Repo;
import org.chorus.hub.repos.RepoId;
import org.chorus.hub.repos.RepoType;
import org.chorus.hub.repos.Repos;
import org.chorus.server.hf.DerivedAccess;
import org.chorus.server.hf.FileSizeLimit;
import org.chorus.server.hf.HubRequests;
import org.chorus.server.http.Json;
import org.chorus.server.http.Routes;
import org.chorus.storage.ChunkHash;
import org.chorus.storage.ChunkStore;
import org.chorus.storage.FileHash;
import org.chorus.storage.FileRecord;
import org.chorus.storage.Hash256;
import org.chorus.storage.StorageConfig;
import org.chorus.storage.Term;
import org.chorus.storage.XorbHash;

/**
 * The Xet protocol on top of the chunk store: token endpoints on the hub API, the CAS API under {@code /xet-cas}
 * (xorb and shard upload, global chunk deduplication, reconstruction), signed xorb-range downloads, and the
 * {@code application/vnd.xet-fileinfo+json} answer on resolve. Every CAS call carries a token from {@link XetTokens}
 * naming one repository; files are usable in a repository only after a shard registered them for it.
 */
public final class XetRoutes implements Routes {
    static final String CAS = "/xet-cas";
    static final String FILEINFO = "application/vnd.xet-fileinfo+json";
    private static final int MAX_SHARD_BYTES = 64 << 20;
    /** Request header of a xorb upload: the xorb the same client sent before it (docs/hub.md). */
    static final String PREVIOUS_XORB = "X-Chorus-Previous-Xorb";
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Chorus's own CAS endpoint: a file's terms announced while its client still chunks it (docs/hub.md). */
    static final String ANNOUNCE = "/chorus/v1/announce";
    private static final int MAX_ANNOUNCED_TERMS = 65_536;
    private static final java.util.regex.Pattern UPLOAD_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final Repos repos;
    private final ChunkStore chunks;
    private final XetFileIndex files;
    private final XetTokens tokens;
    private final DerivedAccess access;
    private final FileSizeLimit sizes;
    private final Counter xorbBytes;

    public XetRoutes(Repos repos, ChunkStore chunks, XetFileIndex files, XetTokens tokens, DerivedAccess access, FileSizeLimit sizes,
                     MeterRegistry metrics) {
        this.repos = repos;
        this.chunks = chunks;
        this.files = files;
        this.tokens = tokens;
        this.access = access;
        this.sizes = sizes;
        this.xorbBytes = Counter.builder("chorus.xet.xorb.bytes.received")
                .description("bytes of xorbs received by the Xet CAS upload endpoint").register(metrics);
    }

    /**
     * The {@code upload} action of an LFS batch answer with {@code transfer: "xet"}: the headers the official clients
     * read (CAS URL, write token, expiry, session) and, as {@code href}, the URL that refreshes the write token.
     */
    public static Map<String, Object> uploadAction(XetTokens tokens, String base, Repo repo, String revision, String minter) {
        long exp = tokens.expiry();
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("X-Xet-Cas-Url", base + CAS);
        header.put("X-Xet-Access-Token", tokens.issue(repo.id(), true, minter, exp));
        header.put("X-Xet-Token-Expiration", Long.toString(exp));
        header.put("X-Xet-Session-Id", HexFormat.of().formatHex(randomId()));
        return Map.of("href", base + tokenPath(repo, "xet-write-token", revision), "header", header, "expires_in", tokens.ttlSeconds());
    }

    private static byte[] randomId() {
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        return b;
    }

    static String tokenPath(Repo repo, String kind, String revision) {
        return HubRequests.api(repo.type()) + "/" + repo.fullName() + "/" + kind + "/" + revision;
    }

    @Override
    public void register(RoutesConfig routes) {
        for (RepoType type : RepoType.values()) {
            String api = HubRequests.api(type) + "/{owner}/{repo}";
            routes.get(api + "/xet-write-token/{rev}", ctx -> token(ctx, type, true));
            routes.get(api + "/xet-read-token/{rev}", ctx -> token(ctx, type, false));
            routes.before("/" + type.urlPrefix() + "{owner}/{repo}/resolve/{rev}/<path>", ctx -> fileInfo(ctx, type));
        }
        routes.post(CAS + "/v1/xorbs/{prefix}/{hash}", this::putXorb);
        routes.post(CAS + "/v1/shards", this::putShard);
        routes.post(CAS + ANNOUNCE, this::announce);
        routes.get(CAS + "/v1/chunks/{prefix}/{hash}", this::dedup);
        routes.get(CAS + "/v1/reconstructions/{file}", ctx -> reconstruct(ctx, 1));
        routes.get(CAS + "/v2/reconstructions/{file}", ctx -> reconstruct(ctx, 2));
        routes.get(CAS + "/fetch/{xorb}/{start}/{end}", this::fetchXorbRange);
    }

    // --- tokens (hub API, authenticated with the caller's hub token)

    private void token(Context ctx, RepoType type, boolean write) {
        Repo repo = require(ctx, HubRequests.repoId(ctx, type), write ? Role.WRITE : Role.READ);
        long exp = tokens.expiry();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("accessToken", tokens.issue(repo.id(), write, DerivedAccess.minter(HubRequests.caller(ctx)), exp));
        body.put("casUrl", HubRequests.base(ctx) + CAS);
        body.put("exp", exp);
        ctx.json(body);
    }

    /** Invisible repositories are 404 for everyone who cannot read them, before authentication is demanded. */
    private Repo require(Context ctx, RepoId id, Role needed) {
        Optional<Principal> caller = HubRequests.caller(ctx);
        Optional<Role> rights = repos.access(caller, id);
        if (rights.isEmpty()) {
            throw new ChorusException(ErrorCode.REPO_NOT_FOUND, "repository " + id + " not found");
        }
        if (!rights.get().includes(needed)) {
            throw new ChorusException(caller.isEmpty() ? ErrorCode.UNAUTHENTICATED : ErrorCode.PERMISSION_DENIED,
                    "you need " + needed.wire() + " access to " + id);
        }
        return repos.get(caller, id);
    }

    // --- resolve: Xet file info for clients that ask for it

    private void fileInfo(Context ctx, RepoType type) {
        String accept = ctx.header("Accept");
        if (!ctx.method().name().equals("GET") || accept == null || !accept.contains(FILEINFO)) {
            return;
        }
        Repo repo = repos.get(HubRequests.caller(ctx), HubRequests.repoId(ctx, type));
        FileEntry file = repos.file(repo, ctx.pathParam("rev"), ctx.pathParam("path"));
        if (file.lfs() == null) {
            return;
        }
        Optional<FileHash> hash = files.fileHash(file.lfs().oid());
        if (hash.isEmpty()) {
            return;
        }
        String base = HubRequests.base(ctx);
        String reconstruction = base + CAS + "/v1/reconstructions/" + hash.get().hex();
        String refresh = base + tokenPath(repo, "xet-read-token", file.commit());
        ctx.header("X-Repo-Commit", file.commit());
        ctx.header("ETag", file.etag());
        ctx.header("X-Linked-Size", Long.toString(file.lfs().size()));
        ctx.header("X-Linked-ETag", file.etag());
        ctx.header("X-Xet-Hash", hash.get().hex());
        ctx.header("Link", "<" + reconstruction + ">; rel=\"xet-reconstruction-info\", <" + refresh + ">; rel=\"xet-auth\"");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("hash", hash.get().hex());
        body.put("refreshUrl", refresh);
        body.put("reconstructionUrl", reconstruction);
        body.put("etag", file.lfs().oid());
        body.put("size", file.lfs().size());
        ctx.contentType(FILEINFO).result(Json.MAPPER.valueToTree(body).toString());
        ctx.skipRemainingHandlers();
    }

    // --- CAS (authenticated with a Xet token)

    /** The repository a request's Xet token names, once the token and its minter's access still allow {@code needed}. */
    private Scoped authorize(Context ctx, Role needed) {
        XetTokens.Scope scope = tokens.verify(ctx.header("Authorization"));
        if (needed.includes(Role.WRITE) && !scope.write()) {
            throw new ChorusException(ErrorCode.PERMISSION_DENIED, "this Xet token is read-only");
        }
        return new Scoped(scope, access.require(scope.repoId(), scope.minter(), needed));
    }

    /** A verified token and the repository it names. */
    record Scoped(XetTokens.Scope scope, Repo repo) {}

    private void putXorb(Context ctx) throws IOException {
        authorize(ctx, Role.WRITE);
        XorbHash hash = parse(ctx.pathParam("hash"), XorbHash::fromHex, "xorb");
        // Chorus's SDK names the xorb it sent before this one, so a new file is hashed as it arrives (a hint only).
        String previousHex = ctx.header(PREVIOUS_XORB);
        XorbHash previous = previousHex == null ? null : parse(previousHex, XorbHash::fromHex, PREVIOUS_XORB);
        // Streamed: the chunk store holds one chunk at a time and enforces the 64 MiB limit on the chunks; the slack
        // here is for the footer xet-core clients append.
        long max = StorageConfig.XET_MAX_XORB_BYTES + (1 << 20);
        if (ctx.req().getContentLengthLong() > max) {
            throw new ChorusException(ErrorCode.PAYLOAD_TOO_LARGE, "a xorb holds at most 64 MiB");
        }
        try (InputStream in = ctx.req().getInputStream()) {
            BoundedInputStream body = new BoundedInputStream(in, max);
            boolean inserted = chunks.putXorb(hash, previous, body);
            xorbBytes.increment(body.consumed());
            ctx.json(Map.of("was_inserted", inserted));
        }
    }

    private void putShard(Context ctx) throws IOException {
        Scoped scoped = authorize(ctx, Role.WRITE);
        Repo repo = scoped.repo();
        byte[] body = readBody(ctx, MAX_SHARD_BYTES, "a shard holds at most 64 MiB");
        List<FileRecord> records = chunks.putShard(body, sizes.maxBytes(), announcer(scoped));
        List<Map<String, String>> registered = new ArrayList<>();
        for (FileRecord r : records) {
            files.record(r);
            repos.recordLargeFile(repo, r.sha256().hex(), r.size());
            registered.add(Map.of("hash", r.hash().hex(), "sha256", r.sha256().hex()));
        }
        // Beyond Xet's answer ("result"): each file's SHA-256, which the server computes anyway (it never takes a
        // client's word for the git-lfs oid), so Chorus's SDK need not hash every byte a second time for it.
        ctx.json(Map.of("result", records.isEmpty() ? 0 : 1, "files", registered));
    }

    /** Whose announcements a request may extend and a shard may use: the token's minter in the token's repository. */
    private static String announcer(Scoped scoped) {
        return scoped.scope().minter() + "|" + scoped.scope().repoId();
    }

    /** A term as announced: a xorb's chunks {@code [start, end)}, their raw size and Xet verification hash. */
    record AnnouncedTerm(String xorb, Integer start, Integer end, Long bytes, String verification) {}

    /** {@code terms} continue file {@code upload}'s announcement from its term number {@code from}. */
    record Announcement(String upload, Integer from, List<AnnouncedTerm> terms) {}

    /**
     * Chorus's SDK announces a file's terms, in file order, as it places chunks (each once its xorb is stored), so
     * the SHA-256 of a file of old and new xorbs grows here while the client still chunks, and its shard needs no
     * read-back. Answers only how many terms are announced: nothing about the bytes.
     */
    private void announce(Context ctx) {
        Scoped scoped = authorize(ctx, Role.WRITE);
        Announcement a = Json.body(ctx, Announcement.class);
        if (a.upload() == null || !UPLOAD_NAME.matcher(a.upload()).matches()) {
            throw ChorusException.invalid("upload must be 1 to 64 letters, digits, '-' or '_'");
        }
        if (a.from() == null || a.from() < 0) {
            throw ChorusException.invalid("from must be a term number, 0 or more");
        }
        if (a.terms() == null || a.terms().isEmpty() || a.terms().size() > MAX_ANNOUNCED_TERMS) {
            throw ChorusException.invalid("terms must list 1 to " + MAX_ANNOUNCED_TERMS + " terms");
        }
        List<Term> terms = new ArrayList<>(a.terms().size());
        List<byte[]> verification = new ArrayList<>(a.terms().size());
        for (AnnouncedTerm t : a.terms()) {
            if (t == null || t.xorb() == null || t.start() == null || t.end() == null || t.bytes() == null || t.verification() == null) {
                throw ChorusException.invalid("every term needs xorb, start, end, bytes and verification");
            }
            terms.add(new Term(parse(t.xorb(), XorbHash::fromHex, "xorb"), t.start(), t.end(), t.bytes()));
            verification.add(parse(t.verification(), Hash256::parsePlainHex, "verification"));
        }
        chunks.announceTerms(announcer(scoped), a.upload(), a.from(), terms, verification, sizes.maxBytes());
        ctx.json(Map.of("terms", a.from() + terms.size()));
    }

    private void dedup(Context ctx) {
        authorize(ctx, Role.READ);
        ChunkHash chunk = parse(ctx.pathParam("hash"), ChunkHash::fromHex, "chunk");
        byte[] shard = chunks.dedupShard(chunk)
                .orElseThrow(() -> ChorusException.notFound("no stored xorb holds chunk " + chunk));
        ctx.contentType("application/octet-stream").result(shard);
    }

    private void reconstruct(Context ctx, int version) {
        Scoped scoped = authorize(ctx, Role.READ);
        new Reconstructions(chunks, repos, tokens, access).answer(ctx, scoped, version);
    }

    private void fetchXorbRange(Context ctx) throws IOException {
        new Reconstructions(chunks, repos, tokens, access).fetch(ctx);
    }

    static <T> T parse(String hex, Function<String, T> of, String what) {
        try {
            return of.apply(hex);
        } catch (RuntimeException e) {
            throw ChorusException.invalid("malformed " + what + " hash: " + hex);
        }
    }

    private static byte[] readBody(Context ctx, int max, String tooLarge) throws IOException {
        long declared = ctx.req().getContentLengthLong();
        if (declared > max) {
            throw new ChorusException(ErrorCode.PAYLOAD_TOO_LARGE, tooLarge);
        }
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] b = in.readNBytes(max + 1);
            if (b.length > max) {
                throw new ChorusException(ErrorCode.PAYLOAD_TOO_LARGE, tooLarge);
            }
            return b;
        }
    }
}
