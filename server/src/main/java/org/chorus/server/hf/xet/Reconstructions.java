package org.chorus.server.hf.xet;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.hub.accounts.Role;
import org.chorus.hub.repos.Repo;
import org.chorus.hub.repos.Repos;
import org.chorus.server.hf.ByteRange;
import org.chorus.server.hf.DerivedAccess;
import org.chorus.server.hf.HubRequests;
import org.chorus.server.http.Json;
import org.chorus.server.http.ResponseChannel;
import org.chorus.storage.ChannelTransfer;
import org.chorus.storage.ChunkStore;
import org.chorus.storage.FileHash;
import org.chorus.storage.FileRecord;
import org.chorus.storage.Reconstruction;
import org.chorus.storage.XorbHash;

/**
 * File reconstruction for Xet downloads ({@code /v1} and {@code /v2/reconstructions/{file}}, with {@code Range}) and
 * the signed xorb byte ranges its answers point at. A file is reconstructed only for a repository it was uploaded
 * to, so a file hash learned elsewhere gives nothing.
 */
final class Reconstructions {
    private final ChunkStore chunks;
    private final Repos repos;
    private final XetTokens tokens;
    private final DerivedAccess access;

    Reconstructions(ChunkStore chunks, Repos repos, XetTokens tokens, DerivedAccess access) {
        this.chunks = chunks;
        this.repos = repos;
        this.tokens = tokens;
        this.access = access;
    }

    void answer(Context ctx, XetRoutes.Scoped scoped, int version) {
        Repo repo = scoped.repo();
        FileHash hash = XetRoutes.parse(ctx.pathParam("file"), FileHash::fromHex, "file");
        FileRecord rec = chunks.stat(hash).filter(r -> repos.hasLargeFile(repo, r.sha256().hex(), r.size()))
                .orElseThrow(() -> new ChorusException(ErrorCode.ENTRY_NOT_FOUND, "file " + hash + " not found in this repository"));
        long[] range = range(ctx.header("Range"), rec.size());
        Map<String, Object> body = new LinkedHashMap<>();
        List<Map<String, Object>> terms = new ArrayList<>();
        // Sets: a file may repeat one range thousands of times; a list's contains() made that quadratic.
        Map<String, Set<Map<String, Object>>> fetch = new LinkedHashMap<>();
        long offset = 0;
        if (range[1] > range[0]) {
            Reconstruction r = chunks.reconstruct(hash, range[0], range[1]);
            offset = r.offsetIntoFirstTerm();
            long expires = tokens.expiry();
            String base = HubRequests.base(ctx);
            for (Reconstruction.Fetch f : r.terms()) {
                String xorb = f.xorb().hex();
                Map<String, Object> chunkRange = Map.of("start", f.chunkStart(), "end", f.chunkEnd());
                terms.add(Map.of("hash", xorb, "unpacked_length", f.rawBytes(), "range", chunkRange));
                long last = f.xorbByteEnd() - 1;
                String url = base + XetRoutes.CAS + "/fetch/" + xorb + "/" + f.xorbByteStart() + "/" + last + "?"
                        + tokens.signRange(xorb, f.xorbByteStart(), last, scoped.scope(), expires);
                Map<String, Object> bytes = Map.of("start", f.xorbByteStart(), "end", last);
                Map<String, Object> entry = version == 1
                        ? Map.of("range", chunkRange, "url", url, "url_range", bytes)
                        : Map.of("url", url, "ranges", List.of(Map.of("chunks", chunkRange, "bytes", bytes)));
                fetch.computeIfAbsent(xorb, k -> new LinkedHashSet<>()).add(entry);
            }
        }
        body.put("offset_into_first_range", offset);
        body.put("terms", terms);
        body.put(version == 1 ? "fetch_info" : "xorbs", fetch);
        ctx.contentType("application/json").result(Json.MAPPER.valueToTree(body).toString());
    }

    /** {@code [start, end)} the {@code Range} header asks for, read as {@link ByteRange} reads it (the whole file without one). */
    private static long[] range(String header, long size) {
        ByteRange r = ByteRange.parse(header, size);
        return new long[] {r.start(), r.start() + r.length()};
    }

    /** A signed xorb byte range; a {@code Range} header may narrow it, never widen it. */
    void fetch(Context ctx) throws IOException {
        String xorbHex = ctx.pathParam("xorb");
        long start;
        long last;
        try {
            start = Long.parseLong(ctx.pathParam("start"));
            last = Long.parseLong(ctx.pathParam("end"));
        } catch (NumberFormatException e) {
            throw ChorusException.invalid("start and end must be numbers");
        }
        String repoId = ctx.queryParam("r");
        String minter = ctx.queryParam("by") == null ? DerivedAccess.ANONYMOUS : ctx.queryParam("by");
        tokens.verifyRange(xorbHex, start, last, repoId, minter, ctx.queryParam("expires"), ctx.queryParam("sig"));
        access.require(repoId, minter, Role.READ);
        XorbHash xorb = XetRoutes.parse(xorbHex, XorbHash::fromHex, "xorb");
        long a = start;
        long b = last;
        String header = ctx.header("Range");
        if (header != null) {
            long[] r;
            try {
                if (!header.startsWith("bytes=") || header.contains(",")) {
                    throw new NumberFormatException();
                }
                String[] p = header.substring(6).trim().split("-", 2);
                r = new long[] {Long.parseLong(p[0]), Long.parseLong(p[1])};
            } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                throw ChorusException.invalid("Range must be one bytes=start-end range");
            }
            if (r[0] < start || r[1] > last || r[1] < r[0]) {
                throw new ChorusException(ErrorCode.RANGE_NOT_SATISFIABLE, "range " + header + " is outside the signed range " + start + "-" + last);
            }
            a = r[0];
            b = r[1];
        }
        long total = chunks.xorbSize(xorb).orElse(-1L);
        // Streamed (a term's range can be 64 MiB); opening it first lets a missing xorb or bad range answer an error.
        try (InputStream data = chunks.readXorb(xorb, a, b + 1)) {
            ctx.status(header != null ? 206 : 200);
            if (header != null) {
                ctx.header("Content-Range", "bytes " + a + "-" + b + "/" + (total < 0 ? "*" : Long.toString(total)));
            }
            ctx.header("Content-Length", Long.toString(b + 1 - a));
            ctx.contentType("application/octet-stream");
            OutputStream out = ctx.res().getOutputStream();
            if (data instanceof ChannelTransfer stored) {
                stored.transferTo(ResponseChannel.of(ctx));
            } else {
                data.transferTo(out);
            }
        }
    }
}
