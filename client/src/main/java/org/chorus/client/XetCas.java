package org.chorus.client;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.chorus.xet.ShardCodec;
import org.chorus.xet.XetHash;

/**
 * The server's Xet CAS for one repository: a write token from the hub API (renewed before it expires), xorb and
 * shard uploads, and deduplication queries. {@link #open} says whether the server speaks Xet at all.
 */
final class XetCas {
    /** Renew the token this long before the server says it expires. */
    private static final long RENEW_SECONDS = 60;
    private final Http http;
    private final String tokenPath;
    private String casUrl;
    private String token;
    private long expires;

    private XetCas(Http http, String tokenPath) {
        this.http = http;
        this.tokenPath = tokenPath;
    }

    /** The CAS of {@code repo}, or empty when the server has no Xet (a 404 that is not about the repository). */
    static Optional<XetCas> open(Http http, RepoId repo, String branch) {
        XetCas cas = new XetCas(http, repo.apiPath() + "/xet-write-token/" + HubClient.enc(branch));
        try {
            cas.renew();
        } catch (ChorusClientException e) {
            if (e.status() == 404 && !"RepoNotFound".equals(e.errorCode())) {
                return Optional.empty();
            }
            throw e;
        }
        return Optional.of(cas);
    }

    private synchronized void renew() {
        Map<?, ?> reply = (Map<?, ?>) http.send("GET", tokenPath, null);
        if (reply == null || reply.get("accessToken") == null || reply.get("casUrl") == null) {
            throw new ChorusClientException(0, null, "the server's Xet token answer has no accessToken or casUrl");
        }
        token = reply.get("accessToken").toString();
        casUrl = reply.get("casUrl").toString().replaceAll("/+$", "");
        expires = reply.get("exp") instanceof Number n ? n.longValue() : Long.MAX_VALUE;
    }

    private synchronized HttpRequest.Builder request(String path) {
        if (System.currentTimeMillis() / 1000 > expires - RENEW_SECONDS) {
            renew();
        }
        return http.request(casUrl + path).header("Authorization", "Bearer " + token);
    }

    /**
     * Sends the xorb made of the buffers {@code body} in order, not copied (a server that has it already keeps one copy), naming the
     * xorb this upload sent before it ({@code previous}, null for the first): Chorus then hashes a new file's SHA-256
     * as its xorbs arrive instead of reading it back at the shard; other servers ignore the header.
     */
    void putXorb(XetHash hash, XetHash previous, List<ByteBuffer> body) {
        HttpRequest.Builder request = request("/v1/xorbs/default/" + hash.hex());
        if (previous != null) {
            request.header("X-Chorus-Previous-Xorb", previous.hex());
        }
        http.exchange(request.POST(BufferBody.of(body)).build(), HttpResponse.BodyHandlers.discarding());
    }

    /**
     * Registers the files of {@code shard}; answers the SHA-256 (hex) the server computed for each, by Xet file hash
     * (hex): Chorus adds them to Xet's answer. Empty from a server that does not.
     */
    Map<String, String> putShard(byte[] shard) {
        String answer = http.exchange(request("/v1/shards").POST(HttpRequest.BodyPublishers.ofByteArray(shard)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Map<String, String> sha256ByHash = new java.util.HashMap<>();
        if (Http.parse(answer) instanceof Map<?, ?> reply && reply.get("files") instanceof List<?> files) {
            for (Object o : files) {
                if (o instanceof Map<?, ?> f && f.get("hash") != null && f.get("sha256") != null) {
                    sha256ByHash.put(f.get("hash").toString(), f.get("sha256").toString());
                }
            }
        }
        return sha256ByHash;
    }

    /**
     * Announces to Chorus {@code terms} (each a map of xorb, start, end, bytes and verification, as the shard will
     * name them) of the file being uploaded as {@code upload}, from its term number {@code from}: the server hashes
     * their bytes while this client still chunks, so the shard needs no read-back. Other servers answer 404.
     */
    void announce(String upload, int from, List<Map<String, Object>> terms) {
        String body = Http.json(Map.of("upload", upload, "from", from, "terms", terms));
        http.exchange(request("/chorus/v1/announce").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
    }

    /**
     * The stored xorbs that hold {@code chunk}, with their chunk lists keyed with the shard's key; none when the server
     * has no such chunk. A malformed answer is refused, never half-read.
     */
    ShardCodec.Shard dedup(XetHash chunk) {
        byte[] answer;
        try {
            answer = http.exchange(request("/v1/chunks/default-merkledb/" + chunk.hex()).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray()).body();
        } catch (ChorusClientException e) {
            if (e.status() == 404) {
                return new ShardCodec.Shard(List.of(), List.of(), new byte[32]);
            }
            throw e;
        }
        ShardCodec.Shard shard;
        try {
            shard = ShardCodec.read(answer);
        } catch (IllegalArgumentException e) {
            throw new ChorusClientException(0, null, "the server's deduplication answer is malformed: " + e.getMessage());
        }
        if (!shard.files().isEmpty()) {
            throw new ChorusClientException(0, null, "the server's deduplication answer holds file entries");
        }
        return shard;
    }
}
