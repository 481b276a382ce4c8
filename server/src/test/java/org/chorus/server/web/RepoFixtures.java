package org.chorus.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chorus.server.ServerFixture;

/** Files and commits for the repository pages' tests, made through the API as a client would (LFS for large files). */
public final class RepoFixtures {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private RepoFixtures() {}

    /** Commits {@code files} (path → bytes) to {@code main} of a model or dataset in one commit; returns its id. */
    static String commit(ServerFixture server, String token, String type, String repo, String summary, Map<String, byte[]> files) {
        StringBuilder body = new StringBuilder("{\"key\":\"header\",\"value\":{\"summary\":" + WebFixtures.JSON.valueToTree(summary) + "}}");
        for (var f : files.entrySet()) {
            body.append("\n{\"key\":\"file\",\"value\":{\"path\":").append(WebFixtures.JSON.valueToTree(f.getKey()).toString())
                    .append(",\"content\":\"").append(Base64.getEncoder().encodeToString(f.getValue())).append("\",\"encoding\":\"base64\"}}");
        }
        return send(server, token, type, repo, body.toString());
    }

    /** Uploads {@code bytes} through the LFS batch API and commits them at {@code path} as a large file. */
    public static String commitLarge(ServerFixture server, String token, String type, String repo, String summary, String path, byte[] bytes) {
        String oid = sha256(bytes);
        String prefix = type.equals("dataset") ? "/datasets/" : "/";
        HttpResponse<String> batch = server.send("POST", prefix + repo + ".git/info/lfs/objects/batch", token,
                "{\"operation\":\"upload\",\"transfers\":[\"basic\"],\"objects\":[{\"oid\":\"" + oid + "\",\"size\":" + bytes.length + "}]}");
        assertThat(batch.statusCode()).as(batch.body()).isEqualTo(200);
        try {
            var upload = WebFixtures.JSON.readTree(batch.body()).path("objects").get(0).path("actions").path("upload");
            if (!upload.isMissingNode()) {
                String href = upload.path("href").asText();
                HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(href.startsWith("http") ? href : server.url() + href))
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes));
                upload.path("header").properties().forEach(h -> put.header(h.getKey(), h.getValue().asText()));
                HttpResponse<String> r = HTTP.send(put.build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return send(server, token, type, repo, "{\"key\":\"header\",\"value\":{\"summary\":" + WebFixtures.JSON.valueToTree(summary) + "}}\n"
                + "{\"key\":\"lfsFile\",\"value\":{\"path\":" + WebFixtures.JSON.valueToTree(path) + ",\"algo\":\"sha256\",\"oid\":\"" + oid
                + "\",\"size\":" + bytes.length + "}}");
    }

    private static String send(ServerFixture server, String token, String type, String repo, String body) {
        HttpResponse<String> c = server.send("POST", "/api/" + type + "s/" + repo + "/commit/main", token, body);
        assertThat(c.statusCode()).as(c.body()).isEqualTo(200);
        try {
            return WebFixtures.JSON.readTree(c.body()).path("commitOid").asText();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    /** A valid .safetensors file: tensors "embed.weight" F32 [4, 3] and "head.bias" F16 [3], metadata format=pt. */
    static byte[] safetensors() {
        String header = "{\"__metadata__\":{\"format\":\"pt\"},\"embed.weight\":{\"dtype\":\"F32\",\"shape\":[4,3],\"data_offsets\":[0,48]},"
                + "\"head.bias\":{\"dtype\":\"F16\",\"shape\":[3],\"data_offsets\":[48,54]}}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + 54).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        return b.array();
    }

    /** A 1×1 PNG. */
    static byte[] png() {
        return Base64.getDecoder().decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");
    }

    static Map<String, byte[]> files(String... pathsAndTexts) {
        Map<String, byte[]> m = new LinkedHashMap<>();
        for (int i = 0; i < pathsAndTexts.length; i += 2) {
            m.put(pathsAndTexts[i], pathsAndTexts[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return m;
    }

    static List<String> lines(int n, String prefix) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add(prefix + i);
        }
        return out;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
