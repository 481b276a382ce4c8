package org.chorus.server.hf;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import org.chorus.server.ServerFixture;

/** What the LFS upload tests share: random files, their oid, the batch API's upload action and a commit naming one. */
final class LfsTestUploads {
    private LfsTestUploads() {}

    static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The batch API's upload action for {@code bytes} in alice/m with {@code transfer} (basic or multipart). */
    static JsonNode uploadAction(ServerFixture server, String token, byte[] bytes, String transfer) {
        String batch = "{\"operation\":\"upload\",\"transfers\":[\"" + transfer + "\"],\"objects\":[{\"oid\":\"" + sha256(bytes)
                + "\",\"size\":" + bytes.length + "}]}";
        return HubFixtures.json(server.send("POST", "/alice/m.git/info/lfs/objects/batch", token, batch)).path("objects").get(0)
                .path("actions").path("upload");
    }

    /** An NDJSON commit putting {@code bytes}, uploaded over LFS, at {@code path}. */
    static String lfsCommit(String path, byte[] bytes) {
        return "{\"key\":\"header\",\"value\":{\"summary\":\"w\"}}\n{\"key\":\"lfsFile\",\"value\":{\"path\":\"" + path
                + "\",\"algo\":\"sha256\",\"oid\":\"" + sha256(bytes) + "\",\"size\":" + bytes.length + "}}";
    }
}
