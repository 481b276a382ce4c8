package org.chorus.server.hf.xet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.chorus.server.ServerFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Xet endpoints refuse bad tokens, tokens for other repositories, corrupted xorbs and shards that reference
 * missing xorbs with a clear 4xx and store nothing; private repositories stay invisible on the token endpoints.
 */
class XetCasRejectsBadInputTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    ServerFixture server;
    String alice;
    String bob;
    byte[] bytes;
    String oid;

    /** The server under test; a subclass runs every case with the chunks on S3. */
    ServerFixture start(Path dataDir) {
        return ServerFixture.sqlite(dataDir);
    }

    @BeforeEach
    void setUp() throws Exception {
        server = start(dir);
        alice = user("alice");
        bob = user("bob");
        assertThat(server.send("POST", "/api/repos/create", alice, "{\"name\":\"m\",\"organization\":\"alice\"}").statusCode()).isEqualTo(200);
        assertThat(server.send("POST", "/api/repos/create", alice, "{\"name\":\"other\",\"organization\":\"alice\"}").statusCode()).isEqualTo(200);
        assertThat(server.send("POST", "/api/repos/create", alice, "{\"name\":\"secret\",\"organization\":\"alice\",\"private\":true}").statusCode()).isEqualTo(200);
        bytes = new byte[300_000];
        new Random(7).nextBytes(bytes);
        oid = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        // Stored over plain LFS, committed: the Xet download side must serve it too.
        String batch = "{\"operation\":\"upload\",\"transfers\":[\"basic\"],\"objects\":[{\"oid\":\"" + oid + "\",\"size\":" + bytes.length + "}]}";
        String href = json(server.send("POST", "/alice/m.git/info/lfs/objects/batch", alice, batch)).path("objects").get(0).path("actions").path("upload").path("href").asText();
        assertThat(send("PUT", href, null, null, bytes).statusCode()).isEqualTo(200);
        String commit = "{\"key\":\"header\",\"value\":{\"summary\":\"w\"}}\n{\"key\":\"lfsFile\",\"value\":{\"path\":\"w.bin\",\"algo\":\"sha256\",\"oid\":\"" + oid + "\",\"size\":" + bytes.length + "}}";
        assertThat(server.send("POST", "/api/models/alice/m/commit/main", alice, commit).statusCode()).isEqualTo(200);
    }

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void tokenEndpointsHidePrivateRepositoriesAndCheckRoles() {
        assertThat(server.get("/api/models/alice/secret/xet-read-token/main", null).statusCode()).isEqualTo(404);
        assertThat(server.get("/api/models/alice/secret/xet-read-token/main", bob).statusCode()).isEqualTo(404);
        assertThat(server.get("/api/models/alice/secret/xet-write-token/main", bob).statusCode()).isEqualTo(404);
        assertThat(server.get("/api/models/alice/missing/xet-write-token/main", alice).statusCode()).isEqualTo(404);
        assertThat(server.get("/api/models/alice/m/xet-write-token/main", null).statusCode()).isEqualTo(401);
        assertThat(server.get("/api/models/alice/m/xet-write-token/main", bob).statusCode()).isEqualTo(403);
        assertThat(server.get("/api/models/alice/m/xet-read-token/main", null).statusCode()).isEqualTo(200);
        JsonNode token = json(server.get("/api/models/alice/secret/xet-write-token/main", alice));
        assertThat(token.path("casUrl").asText()).isEqualTo(server.url() + "/xet-cas");
        assertThat(token.path("accessToken").asText()).startsWith("xet1.");
        assertThat(token.path("exp").asLong()).isGreaterThan(System.currentTimeMillis() / 1000);
    }

    @Test
    void batchOffersXetOnlyWhenAskedForAnUpload() {
        String objects = "\"objects\":[{\"oid\":\"" + "ab".repeat(32) + "\",\"size\":10}]";
        JsonNode xet = json(server.send("POST", "/alice/m.git/info/lfs/objects/batch", alice,
                "{\"operation\":\"upload\",\"transfers\":[\"basic\",\"multipart\",\"xet\"]," + objects + "}"));
        assertThat(xet.path("transfer").asText()).isEqualTo("xet");
        JsonNode action = xet.path("objects").get(0).path("actions").path("upload");
        assertThat(action.path("href").asText()).isEqualTo(server.url() + "/api/models/alice/m/xet-write-token/main");
        assertThat(action.path("header").path("X-Xet-Cas-Url").asText()).isEqualTo(server.url() + "/xet-cas");
        assertThat(action.path("header").path("X-Xet-Access-Token").asText()).startsWith("xet1.");
        assertThat(action.path("header").path("X-Xet-Token-Expiration").asLong()).isPositive();
        JsonNode basic = json(server.send("POST", "/alice/m.git/info/lfs/objects/batch", alice,
                "{\"operation\":\"upload\",\"transfers\":[\"basic\"]," + objects + "}"));
        assertThat(basic.path("transfer").asText()).isEqualTo("basic");
    }

    @Test
    void downloadsOverXetAndRefusesBadTokensAndOtherRepositories() throws Exception {
        HttpResponse<byte[]> info = send("GET", server.url() + "/alice/m/resolve/main/w.bin", alice, "application/vnd.xet-fileinfo+json, */*", null);
        assertThat(info.headers().firstValue("Content-Type").orElse("")).contains("application/vnd.xet-fileinfo+json");
        String fileHash = info.headers().firstValue("X-Xet-Hash").orElseThrow();
        String read = token("m", false);
        String v2 = server.url() + "/xet-cas/v2/reconstructions/" + fileHash;

        JsonNode rec = json(send("GET", v2, "Bearer " + read, null, null));
        checkSignedRanges(rec);
        assertThat(json(send("GET", server.url() + "/xet-cas/v1/reconstructions/" + fileHash, "Bearer " + read, null, null))
                .path("fetch_info").size()).isPositive();

        assertThat(send("GET", v2, null, null, null).statusCode()).isEqualTo(401);
        assertThat(send("GET", v2, "Bearer " + alice, null, null).statusCode()).isEqualTo(401);
        assertThat(send("GET", v2, "Bearer " + read.substring(0, read.length() - 2) + "xx", null, null).statusCode()).isEqualTo(401);
        assertThat(send("GET", v2, "Bearer xet1.bm9wZQ.x", null, null).statusCode()).isEqualTo(401);
        assertThat(send("GET", v2, "Bearer " + token("other", true), null, null).statusCode()).isEqualTo(404);
        JsonNode entry = rec.path("xorbs").properties().iterator().next().getValue().get(0);
        String url = entry.path("url").asText();
        assertThat(send("GET", url.replace("sig=", "sig=x"), null, null, null).statusCode()).isEqualTo(403);
        long end = entry.path("ranges").get(0).path("bytes").path("end").asLong();
        assertThat(sendRange(url, "bytes=0-" + (end + 1)).statusCode()).isEqualTo(416);
    }

    @Test
    void corruptedXorbsAndShardsNamingMissingXorbsStoreNothing() throws Exception {
        String write = "Bearer " + token("m", true);
        HttpResponse<byte[]> info = send("GET", server.url() + "/alice/m/resolve/main/w.bin", alice, "application/vnd.xet-fileinfo+json", null);
        JsonNode rec = json(send("GET", server.url() + "/xet-cas/v2/reconstructions/" + info.headers().firstValue("X-Xet-Hash").orElseThrow(),
                "Bearer " + token("m", false), null, null));
        var xorbEntry = rec.path("xorbs").properties().iterator().next();
        String xorbHash = xorbEntry.getKey();
        byte[] xorb = send("GET", xorbEntry.getValue().get(0).path("url").asText(), null, null, null).body();
        String fresh = HexFormat.of().formatHex(new byte[31]) + "01";
        byte[] corrupted = xorb.clone();
        corrupted[corrupted.length / 2] ^= 0x55;

        assertThat(send("POST", cas("/v1/xorbs/default/" + xorbHash), write, null, xorb).statusCode()).isEqualTo(200);
        assertThat(send("POST", cas("/v1/xorbs/default/" + fresh), write, null, corrupted).statusCode()).isEqualTo(400);
        assertThat(send("POST", cas("/v1/xorbs/default/" + fresh), write, null, xorb).statusCode()).isEqualTo(400);
        assertThat(send("POST", cas("/v1/xorbs/default/" + fresh), write, null, Arrays.copyOf(xorb, 100)).statusCode()).isEqualTo(400);
        assertThat(send("POST", cas("/v1/xorbs/default/nothex"), write, null, xorb).statusCode()).isEqualTo(400);
        assertThat(send("POST", cas("/v1/xorbs/default/" + fresh), "Bearer " + token("m", false), null, xorb).statusCode()).isEqualTo(403);
        assertThat(send("POST", cas("/v1/xorbs/default/" + fresh), "Bearer " + alice, null, xorb).statusCode()).isEqualTo(401);
        // The SDK's hint naming the xorb it sent before: a malformed one is refused; one naming a xorb this server never
        // saw is no error (the file is then read back at its shard)
        assertThat(exchange(HttpRequest.newBuilder(URI.create(cas("/v1/xorbs/default/" + xorbHash))).header("Authorization", write)
                .header("X-Chorus-Previous-Xorb", "nothex").POST(HttpRequest.BodyPublishers.ofByteArray(xorb))).statusCode()).isEqualTo(400);
        assertThat(exchange(HttpRequest.newBuilder(URI.create(cas("/v1/xorbs/default/" + xorbHash))).header("Authorization", write)
                .header("X-Chorus-Previous-Xorb", fresh).POST(HttpRequest.BodyPublishers.ofByteArray(xorb))).statusCode()).isEqualTo(200);
        try (var files = Files.walk(dir)) {
            assertThat(files.map(Path::getFileName).map(Path::toString).filter(n -> n.contains(fresh))).isEmpty();
        }

        String missingOid = "cd".repeat(32);
        byte[] shard = shard(fresh, List.<Object[]>of(new Object[] {fresh, 0, 1, 1000}), missingOid);
        assertThat(send("POST", cas("/v1/shards"), write, null, shard).statusCode()).isEqualTo(400);
        assertThat(send("POST", cas("/v1/shards"), write, null, "not a shard".getBytes()).statusCode()).isEqualTo(400);
        assertThat(send("POST", cas("/v1/shards"), "Bearer xet1.forged.x", null, shard).statusCode()).isEqualTo(401);
        List<Object[]> terms = new java.util.ArrayList<>();
        for (JsonNode t : rec.path("terms")) {
            terms.add(new Object[] {t.path("hash").asText(), t.path("range").path("start").asInt(), t.path("range").path("end").asInt(), t.path("unpacked_length").asLong()});
        }
        String fileHex = info.headers().firstValue("X-Xet-Hash").orElseThrow();
        HttpResponse<byte[]> spoofed = send("POST", cas("/v1/shards"), write, null, shard(fileHex, terms, missingOid));
        assertThat(spoofed.statusCode()).isEqualTo(400);
        assertThat(new String(spoofed.body())).contains("claims SHA-256");
        HttpResponse<byte[]> honest = send("POST", cas("/v1/shards"), "Bearer " + token("other", true), null, shard(fileHex, terms, oid));
        assertThat(honest.statusCode()).as(new String(honest.body())).isEqualTo(200);
        String commit = "{\"key\":\"header\",\"value\":{\"summary\":\"x\"}}\n{\"key\":\"lfsFile\",\"value\":{\"path\":\"x.bin\",\"algo\":\"sha256\",\"oid\":\"" + missingOid + "\",\"size\":1000}}";
        assertThat(server.send("POST", "/api/models/alice/m/commit/main", alice, commit).statusCode()).isEqualTo(400);

        assertThat(send("GET", cas("/v1/chunks/default-merkledb/" + fresh), write, null, null).statusCode()).isEqualTo(404);
        assertThat(send("GET", cas("/v1/chunks/default-merkledb/" + fresh), null, null, null).statusCode()).isEqualTo(401);
    }

    @Test
    void announcedTermsAreCheckedAsAShardsAndGarbageIsA4xxWithAMessage() throws Exception {
        String write = "Bearer " + token("m", true);
        HttpResponse<byte[]> info = send("GET", server.url() + "/alice/m/resolve/main/w.bin", alice, "application/vnd.xet-fileinfo+json", null);
        JsonNode term = json(send("GET", server.url() + "/xet-cas/v2/reconstructions/" + info.headers().firstValue("X-Xet-Hash").orElseThrow(),
                "Bearer " + token("m", false), null, null)).path("terms").get(0);
        String stored = term.path("hash").asText();
        int end = term.path("range").path("end").asInt();
        long size = term.path("unpacked_length").asLong();
        String zero = "00".repeat(32);
        java.util.function.BiFunction<String, String, String> one = (xorb, verification) -> "{\"upload\":\"u1\",\"from\":0,\"terms\":[{\"xorb\":\""
                + xorb + "\",\"start\":0,\"end\":" + end + ",\"bytes\":" + size + ",\"verification\":\"" + verification + "\"}]}";

        // A stored xorb with a verification hash that does not prove knowledge of its chunks, a xorb not stored, a
        // range outside the xorb: refused as a shard's term would be
        assertRefused(announce(write, one.apply(stored, zero)), 400, "fails its verification hash");
        assertRefused(announce(write, one.apply(zero, zero)), 400, "not stored");
        assertRefused(announce(write, one.apply(stored, zero).replace("\"start\":0", "\"start\":-1")), 400, "outside xorb");
        assertRefused(announce(write, one.apply(stored, zero).replace("\"from\":0", "\"from\":5")), 409, "start again from term 0");
        // Garbage
        assertRefused(announce(write, "not json"), 400, "malformed JSON");
        assertRefused(announce(write, "{}"), 400, "upload must be");
        assertRefused(announce(write, one.apply(stored, zero).replace("u1", "../x")), 400, "upload must be");
        assertRefused(announce(write, one.apply(stored, zero).replace("\"from\":0", "\"from\":-1")), 400, "from must be");
        assertRefused(announce(write, "{\"upload\":\"u1\",\"from\":0,\"terms\":[]}"), 400, "terms must list");
        assertRefused(announce(write, "{\"upload\":\"u1\",\"from\":0,\"terms\":[{\"xorb\":\"" + stored + "\"}]}"), 400, "every term needs");
        assertRefused(announce(write, one.apply("nothex", zero)), 400, "malformed xorb hash");
        assertRefused(announce(write, one.apply(stored, "abc")), 400, "malformed verification hash");
        // Only with a write token of a repository
        assertRefused(announce("Bearer " + token("m", false), one.apply(stored, zero)), 403, "read-only");
        assertThat(announce(null, one.apply(stored, zero)).statusCode()).isEqualTo(401);
    }

    private HttpResponse<byte[]> announce(String authorization, String body) {
        return send("POST", cas("/chorus/v1/announce"), authorization, null, body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static void assertRefused(HttpResponse<byte[]> r, int status, String message) {
        String body = new String(r.body(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(r.statusCode()).as(body).isEqualTo(status);
        assertThat(body).contains(message);
    }

    /** A version 2 shard, no footer: one file made of {@code terms} (xorb hex, chunk start, end, bytes), with the SHA-256 extension. */
    private static byte[] shard(String fileHex, List<Object[]> terms, String oid) {
        ByteBuffer b = ByteBuffer.allocate(48 * (5 + terms.size())).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {'H', 'F', 'R', 'e', 'p', 'o', 'M', 'e', 't', 'a', 'D', 'a', 't', 'a', 0, 85, 105, 103, 69, 106, 123,
                (byte) 129, 87, (byte) 131, (byte) 165, (byte) 189, (byte) 217, 92, (byte) 205, (byte) 209, 74, (byte) 169});
        b.putLong(2).putLong(0);
        b.put(hash(fileHex)).putInt(0x40000000).putInt(terms.size()).putLong(0);
        for (Object[] t : terms) {
            b.put(hash((String) t[0])).putInt(0).putInt(((Number) t[3]).intValue()).putInt(((Number) t[1]).intValue()).putInt(((Number) t[2]).intValue());
        }
        b.put(hash(oid)).put(new byte[16]);
        byte[] bookend = new byte[48];
        Arrays.fill(bookend, 0, 32, (byte) 0xFF);
        b.put(bookend).put(bookend);
        return b.array();
    }

    /** Hashes print as four little-endian 8-byte words; the SHA-256 extension is written the same way by the clients. */
    private static byte[] hash(String hex) {
        byte[] raw = HexFormat.of().parseHex(hex);
        byte[] out = new byte[32];
        for (int i = 0; i < 32; i++) {
            out[i] = raw[(i / 8) * 8 + 7 - i % 8];
        }
        return out;
    }

    /** Every term's signed range is fetchable and the sizes add up (byte-exact decoding: hf-xet-roundtrip.mjs). */
    private void checkSignedRanges(JsonNode rec) {
        long total = 0;
        for (JsonNode t : rec.path("terms")) {
            JsonNode entry = rec.path("xorbs").path(t.path("hash").asText()).get(0);
            JsonNode bytesRange = entry.path("ranges").get(0).path("bytes");
            HttpResponse<byte[]> r = sendRange(entry.path("url").asText(), "bytes=" + bytesRange.path("start").asLong() + "-" + bytesRange.path("end").asLong());
            assertThat(r.statusCode()).isEqualTo(206);
            assertThat((long) r.body().length).isEqualTo(bytesRange.path("end").asLong() - bytesRange.path("start").asLong() + 1);
            total += t.path("unpacked_length").asLong();
        }
        assertThat(total).isEqualTo(bytes.length);
    }

    private String cas(String path) {
        return server.url() + "/xet-cas" + path;
    }

    private String token(String repo, boolean write) {
        HttpResponse<String> r = server.get("/api/models/alice/" + repo + "/xet-" + (write ? "write" : "read") + "-token/main", alice);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r).path("accessToken").asText();
    }

    private String user(String name) {
        server.send("POST", "/api/chorus/users", ServerFixture.ADMIN_TOKEN, "{\"name\":\"" + name + "\"}");
        return json(server.send("POST", "/api/chorus/users/" + name + "/tokens", ServerFixture.ADMIN_TOKEN,
                "{\"name\":\"t\",\"role\":\"write\"}")).path("token").asText();
    }

    private static HttpResponse<byte[]> sendRange(String url, String range) {
        return exchange(HttpRequest.newBuilder(URI.create(url)).header("Range", range).GET());
    }

    private static HttpResponse<byte[]> send(String method, String url, String authorization, String accept, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorization != null) {
            b.header("Authorization", authorization.startsWith("Bearer ") ? authorization : "Bearer " + authorization);
        }
        if (accept != null) {
            b.header("Accept", accept);
        }
        return exchange(b);
    }

    private static HttpResponse<byte[]> exchange(HttpRequest.Builder b) {
        return ServerFixture.send(b, HttpResponse.BodyHandlers.ofByteArray());
    }

    private static JsonNode json(HttpResponse<?> r) {
        try {
            Object body = r.body();
            return JSON.readTree(body instanceof byte[] a ? new String(a, java.nio.charset.StandardCharsets.UTF_8) : (String) body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + r.body(), e);
        }
    }
}
