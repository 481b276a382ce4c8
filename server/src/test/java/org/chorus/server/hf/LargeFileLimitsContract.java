package org.chorus.server.hf;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.chorus.core.config.ChorusConfig;
import org.chorus.server.ServerFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Declared file sizes are checked against {@code serve --max-file-size} on every route that takes one, before
 * anything is allocated or signed, and an LFS batch answer stays bounded whatever its objects declare.
 */
abstract class LargeFileLimitsContract {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final long MAX = ChorusConfig.DEFAULT_MAX_FILE_BYTES;
    static final String BATCH = "/alice/m.git/info/lfs/objects/batch";

    @TempDir
    Path dir;
    String database;
    ServerFixture server;
    String alice;

    /** The database both nodes of a test share; null for SQLite in the data directory. */
    abstract String newDatabase();

    @BeforeEach
    void setUp() {
        database = newDatabase();
        server = ServerFixture.start(dir, database, settings -> { });
        alice = HubFixtures.user(server, "alice", "write");
        assertThat(server.send("POST", "/api/repos/create", alice, "{\"name\":\"m\",\"organization\":\"alice\"}").statusCode()).isEqualTo(200);
    }

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.close();
        }
    }

    static String oid(int i) {
        return String.format("%064x", i + 1);
    }

    static String batch(String operation, List<String> sizes) {
        List<String> objects = new ArrayList<>();
        for (int i = 0; i < sizes.size(); i++) {
            objects.add("{\"oid\":\"" + oid(i) + "\"" + (sizes.get(i) == null ? "" : ",\"size\":" + sizes.get(i)) + "}");
        }
        return "{\"operation\":\"" + operation + "\",\"transfers\":[\"basic\",\"multipart\"],\"objects\":[" + String.join(",", objects) + "]}";
    }

    @Test
    void impossibleSizesAreRefusedPerObjectWithoutBuildingAnything() {
        List<String> bad = java.util.Arrays.asList("9000000000000000000", "9e18", "10000000000000", String.valueOf(MAX + 1), "-1", "1.5",
                "\"12\"", "99999999999999999999999", null);
        List<String> sizes = new ArrayList<>(bad);
        sizes.add(String.valueOf(MAX));

        HttpResponse<String> r = server.send("POST", BATCH, alice, batch("upload", sizes));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body().length()).isLessThan(2_000_000);
        JsonNode objects = HubFixtures.json(r).path("objects");
        for (int i = 0; i < bad.size(); i++) {
            assertThat(objects.get(i).path("error").path("code").asInt()).as(bad.get(i)).isEqualTo(422);
            assertThat(objects.get(i).has("actions")).isFalse();
        }
        assertThat(objects.get(2).path("error").path("message").asText()).contains("at most " + MAX + " bytes");
        JsonNode header = objects.get(bad.size()).path("actions").path("upload").path("header");
        assertThat(header.path("chunk_size").asLong() * (header.size() - 1)).isGreaterThanOrEqualTo(MAX);
    }

    @Test
    void aBatchAnswerHoldsAtMostItsPartBudgetWhateverItsObjectsDeclare() {
        List<String> sizes = java.util.Collections.nCopies(1000, String.valueOf(MAX));

        HttpResponse<String> r = server.send("POST", BATCH, alice, batch("upload", sizes));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body().length()).isLessThan(4_000_000);
        long parts = 0;
        for (JsonNode o : HubFixtures.json(r).path("objects")) {
            JsonNode header = o.path("actions").path("upload").path("header");
            long partSize = header.path("chunk_size").asLong();
            long mine = header.size() - 1;
            assertThat(partSize * mine).isGreaterThanOrEqualTo(MAX);
            assertThat(partSize % (1 << 20)).isZero();
            parts += mine;
        }
        assertThat(parts).isLessThanOrEqualTo(LfsRoutes.MAX_PARTS_PER_BATCH);
    }

    @Test
    void aMultipartUploadWithPartsAboveTheMinimumRoundTrips() throws Exception {
        // 1,000 objects share 10,000 part URLs: 10 each, so a 161 MiB object gets 17 MiB parts.
        byte[] bytes = new byte[161 << 20];
        bytes[12345] = 7;
        String oid = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        List<String> sizes = new ArrayList<>(java.util.Collections.nCopies(999, "1"));
        sizes.add(String.valueOf(bytes.length));
        String body = batch("upload", sizes).replace(oid(999), oid);

        JsonNode upload = HubFixtures.json(server.send("POST", BATCH, alice, body)).path("objects").get(999).path("actions").path("upload");
        JsonNode header = upload.path("header");
        int partSize = header.path("chunk_size").asInt();
        assertThat(partSize).isEqualTo(17 << 20);
        Iterator<Map.Entry<String, JsonNode>> fields = header.properties().iterator();
        int part = 0;
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (f.getKey().equals("chunk_size")) {
                continue;
            }
            int from = part++ * partSize;
            byte[] slice = java.util.Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + partSize));
            assertThat(send("PUT", f.getValue().asText(), slice).statusCode()).isEqualTo(200);
        }
        assertThat(part).isEqualTo(10);
        assertThat(send("POST", upload.path("href").asText(), new byte[0]).statusCode()).isEqualTo(200);
        JsonNode down = HubFixtures.json(server.send("POST", BATCH, alice, batch("download", List.of(String.valueOf(bytes.length))).replace(oid(0), oid)));
        assertThat(down.path("objects").get(0).path("actions").path("download").path("href").asText()).isNotEmpty();
    }

    @Test
    void preuploadAndCommitsRefuseSizesOverTheLimit() {
        String preupload = "/api/models/alice/m/preupload/main";
        for (String size : List.of("9000000000000000000", String.valueOf(MAX + 1))) {
            HttpResponse<String> r = server.send("POST", preupload, alice, "{\"files\":[{\"path\":\"a.bin\",\"size\":" + size + ",\"sample\":\"\"}]}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(413);
        }
        for (String size : List.of("-1", "9e18", "\"5\"")) {
            HttpResponse<String> r = server.send("POST", preupload, alice, "{\"files\":[{\"path\":\"a.bin\",\"size\":" + size + ",\"sample\":\"\"}]}");
            assertThat(r.statusCode()).as(size + ": " + r.body()).isEqualTo(400);
        }
        assertThat(server.send("POST", preupload, alice, "{\"files\":[{\"path\":\"a.bin\",\"size\":" + MAX + ",\"sample\":\"\"}]}").statusCode()).isEqualTo(200);

        String header = "{\"key\":\"header\",\"value\":{\"summary\":\"s\"}}\n";
        HttpResponse<String> r = server.send("POST", "/api/models/alice/m/commit/main", alice, header
                + "{\"key\":\"lfsFile\",\"value\":{\"path\":\"a.bin\",\"algo\":\"sha256\",\"oid\":\"" + oid(0) + "\",\"size\":" + (MAX + 1) + "}}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(413);
        assertThat(server.get("/alice/m/resolve/main/a.bin", alice).statusCode()).isEqualTo(404);
    }

    @Test
    void signedUploadUrlsAreHeldToTheLimitOfTheNodeTheyReach() throws Exception {
        byte[] bytes = new byte[3 << 20];
        String oid = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        JsonNode upload = HubFixtures.json(server.send("POST", BATCH, alice, batch("upload", List.of(String.valueOf(bytes.length))).replace(oid(0), oid)))
                .path("objects").get(0).path("actions").path("upload");
        try (ServerFixture small = ServerFixture.start(dir, database, settings -> settings.maxFileBytes(1 << 20))) {
            String there = upload.path("href").asText().replace(server.url(), small.url());
            HttpResponse<String> r = send("PUT", there, bytes);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(413);
        }
        assertThat(send("PUT", upload.path("href").asText(), bytes).statusCode()).isEqualTo(200);
    }

    static HttpResponse<String> send(String method, String url, byte[] body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
