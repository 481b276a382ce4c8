package org.chorus.server.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.chorus.server.ServerFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints logged as artifacts land in the chunk store: a second, slightly changed one costs only its new chunks. */
class ArtifactsDeduplicateTest {
    static final String URL = "/api/2.0/mlflow-artifacts/artifacts/1/run1/artifacts/";
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private static int put(ServerFixture server, String path, byte[] bytes) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(server.url() + URL + path))
                .header("Authorization", "Bearer " + ServerFixture.ADMIN_TOKEN)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
        return HTTP.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private long stored() throws IOException {
        try (Stream<Path> files = Files.walk(dir.resolve("storage"))) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    @Test
    void aSecondCheckpointWithOneChangedByteCostsAFewChunks() throws Exception {
        byte[] first = new byte[3 << 20];
        new Random(5).nextBytes(first);
        byte[] second = first.clone();
        second[first.length / 2] ^= 1;
        try (ServerFixture server = ServerFixture.sqlite(dir)) {
            assertThat(put(server, "ckpt-1.bin", first)).isEqualTo(200);
            long afterFirst = stored();

            assertThat(put(server, "ckpt-2.bin", second)).isEqualTo(200);

            assertThat(stored() - afterFirst).as("bytes added by the second checkpoint").isLessThan(first.length / 8);
            assertThat(server.getBytes(URL + "ckpt-2.bin", ServerFixture.ADMIN_TOKEN)).isEqualTo(second);
            assertThat(server.getBytes(URL + "ckpt-1.bin", ServerFixture.ADMIN_TOKEN)).isEqualTo(first);
        }
    }
}
