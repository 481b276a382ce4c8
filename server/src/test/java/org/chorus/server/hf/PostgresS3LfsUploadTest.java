package org.chorus.server.hf;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.chorus.server.ServerFixture;
import org.chorus.storage.S3TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LFS basic uploads over real HTTP on PostgreSQL with the chunks on S3 (s3proxy in this JVM): a body shorter or longer
 * than the declared size, or with another sha256, is a 4xx and publishes nothing; a right one is stored and read back
 * by range.
 */
class PostgresS3LfsUploadTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static S3TestServer s3;

    @TempDir
    Path dir;

    @BeforeAll
    static void startS3() throws Exception {
        s3 = S3TestServer.start();
    }

    @AfterAll
    static void stopS3() throws Exception {
        s3.close();
    }

    @Test
    void badBodiesAreRefusedAndPublishNothingThenARightOneRoundTrips() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        try (ServerFixture server = ServerFixture.postgres(data, settings -> settings.storage(s3.freshBucketUrl("lfs")))) {
            String alice = HubFixtures.user(server, "alice", "write");
            assertThat(server.send("POST", "/api/repos/create", alice, "{\"name\":\"m\",\"organization\":\"alice\"}").statusCode()).isEqualTo(200);
            byte[] bytes = new byte[300_000];
            new Random(13).nextBytes(bytes);
            String oid = HubApiContract.sha256(bytes);
            String batch = "{\"operation\":\"upload\",\"transfers\":[\"basic\"],\"objects\":[{\"oid\":\"" + oid + "\",\"size\":" + bytes.length + "}]}";
            String commit = "{\"key\":\"header\",\"value\":{\"summary\":\"s\"}}\n"
                    + "{\"key\":\"lfsFile\",\"value\":{\"path\":\"w.bin\",\"algo\":\"sha256\",\"oid\":\"" + oid + "\",\"size\":" + bytes.length + "}}";
            String href = uploadAction(server, alice, batch).path("href").asText();
            byte[] wrong = bytes.clone();
            wrong[bytes.length / 2] ^= 1;

            for (byte[] bad : new byte[][] {Arrays.copyOf(bytes, bytes.length - 1), Arrays.copyOf(bytes, bytes.length + 1), wrong}) {
                HttpResponse<byte[]> refused = send(server, "PUT", href, null, bad);
                assertThat(refused.statusCode()).as("a body of %d bytes", bad.length).isBetween(400, 499);
                assertThat(uploadAction(server, alice, batch).has("href")).as("nothing was published").isTrue();
                assertThat(server.send("POST", "/api/models/alice/m/commit/main", alice, commit).statusCode()).isEqualTo(400);
            }

            assertThat(send(server, "PUT", href, null, bytes).statusCode()).isEqualTo(200);
            assertThat(uploadAction(server, alice, batch).isMissingNode()).as("the object is stored").isTrue();
            assertThat(server.send("POST", "/api/models/alice/m/commit/main", alice, commit).statusCode()).isEqualTo(200);
            HttpResponse<byte[]> range = send(server, "GET", "/alice/m/resolve/main/w.bin", "bytes=100000-200009", null);
            assertThat(range.statusCode()).isEqualTo(206);
            assertThat(range.body()).isEqualTo(Arrays.copyOfRange(bytes, 100_000, 200_010));
            assertThat(server.getBytes("/alice/m/resolve/main/w.bin", null)).isEqualTo(bytes);
        }
    }

    private static JsonNode uploadAction(ServerFixture server, String token, String batch) {
        return HubFixtures.json(server.send("POST", "/alice/m.git/info/lfs/objects/batch", token, batch)).path("objects").get(0).path("actions").path("upload");
    }

    private static HttpResponse<byte[]> send(ServerFixture server, String method, String path, String range, byte[] body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : server.url() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (range != null) {
            b.header("Range", range);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
