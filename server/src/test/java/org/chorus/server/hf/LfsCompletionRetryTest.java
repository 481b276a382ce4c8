package org.chorus.server.hf;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.chorus.server.ServerFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A multipart LFS completion is idempotent: a client that lost the first answer retries, and completions sent at
 * once all answer 200; none names an internal storage key.
 */
class LfsCompletionRetryTest {
    @TempDir
    Path dir;
    ServerFixture server;
    String alice;

    @BeforeEach
    void setUp() {
        server = ServerFixture.sqlite(dir);
        alice = HubFixtures.user(server, "alice", "write");
        assertThat(server.send("POST", "/api/repos/create", alice, "{\"name\":\"m\",\"organization\":\"alice\"}").statusCode()).isEqualTo(200);
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    @Test
    void aRepeatedCompletionAnswers200LikeTheFirst() throws Exception {
        // Prepare
        byte[] big = LfsTestUploads.random(17 << 20, 11);
        String href = uploadParts(big);

        // Execute
        HttpResponse<String> first = complete(href);
        HttpResponse<String> again = complete(href);
        HttpResponse<String> committed = server.send("POST", "/api/models/alice/m/commit/main", alice, LfsTestUploads.lfsCommit("big.bin", big));

        // Assert
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(committed.statusCode()).as(committed.body()).isEqualTo(200);
        assertThat(server.getBytes("/alice/m/resolve/main/big.bin", alice)).isEqualTo(big);
    }

    @Test
    void concurrentCompletionsAllSucceedAndNameNoStorageKey() throws Exception {
        // Prepare
        byte[] big = LfsTestUploads.random(17 << 20, 12);
        String href = uploadParts(big);
        List<Callable<HttpResponse<String>>> calls = IntStream.range(0, 4).<Callable<HttpResponse<String>>>mapToObj(i -> () -> complete(href)).toList();

        // Execute
        List<HttpResponse<String>> answers;
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            answers = pool.invokeAll(calls).stream().map(LfsCompletionRetryTest::get).toList();
        }

        // Assert
        for (HttpResponse<String> a : answers) {
            assertThat(a.body()).doesNotContain("lfs-parts").doesNotContain("blobs/");
            assertThat(a.statusCode()).as(a.body()).isEqualTo(200);
        }
        assertThat(server.send("POST", "/api/models/alice/m/commit/main", alice, LfsTestUploads.lfsCommit("big.bin", big)).statusCode()).isEqualTo(200);
        assertThat(server.getBytes("/alice/m/resolve/main/big.bin", alice)).isEqualTo(big);
    }

    /** Uploads both 16 MiB-or-less parts of {@code big}; returns the completion URL. */
    private String uploadParts(byte[] big) throws Exception {
        JsonNode upload = LfsTestUploads.uploadAction(server, alice, big, "multipart");
        assertThat(put(upload.path("header").path("00001").asText(), Arrays.copyOf(big, 16 << 20))).isEqualTo(200);
        assertThat(put(upload.path("header").path("00002").asText(), Arrays.copyOfRange(big, 16 << 20, big.length))).isEqualTo(200);
        return upload.path("href").asText();
    }

    private static HttpResponse<String> complete(String href) {
        return ServerFixture.send(HttpRequest.newBuilder(URI.create(href)).POST(HttpRequest.BodyPublishers.noBody()), HttpResponse.BodyHandlers.ofString());
    }

    private static int put(String url, byte[] body) {
        return ServerFixture.send(HttpRequest.newBuilder(URI.create(url)).PUT(HttpRequest.BodyPublishers.ofByteArray(body)), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static HttpResponse<String> get(Future<HttpResponse<String>> f) {
        try {
            return f.get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
