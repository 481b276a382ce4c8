package org.chorus.server.hf;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.chorus.server.ServerFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Uploads onto a full disk: the chunk store, and with it the staged multipart parts (its blobs), live on a 4 MiB tmpfs. An upload that does
 * not fit answers 507 with a message, publishes nothing (the object still has to be uploaded, no temporary is left),
 * and the server goes on serving what it has and takes an upload that fits.
 */
class UploadsOnAFullDiskTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;
    Path disk;
    ServerFixture server;
    String alice;

    @BeforeEach
    void setUp() throws Exception {
        disk = dir.resolve("disk");
        Files.createDirectories(disk);
        HubFixtures.Result mount = HubFixtures.run(dir, Map.of(), 30, "mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", disk.toString());
        Assumptions.assumeTrue(mount.exitCode() == 0, "needs to mount a tmpfs (root): " + mount.output());
        Path data = dir.resolve("data");
        Files.createDirectories(data.resolve("hub"));
        Files.createDirectories(disk.resolve("storage"));
        Files.createSymbolicLink(data.resolve("storage"), disk.resolve("storage"));
        server = ServerFixture.sqlite(data);
        alice = HubFixtures.user(server, "alice", "write");
        assertThat(server.send("POST", "/api/repos/create", alice, "{\"name\":\"m\",\"organization\":\"alice\"}").statusCode()).isEqualTo(200);
    }

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.close();
        }
        if (disk != null) {
            HubFixtures.run(dir, Map.of(), 30, "umount", disk.toString());
        }
    }

    @Test
    void aBasicUploadThatDoesNotFitIs507AndPublishesNothing() throws Exception {
        // Prepare
        byte[] big = LfsTestUploads.random(6 << 20, 1);
        byte[] small = LfsTestUploads.random(200_000, 2);

        // Execute
        HttpResponse<String> full = put(uploadHref(big, "basic"), big);
        List<String> leftovers = temporaries();
        HttpResponse<String> fits = put(uploadHref(small, "basic"), small);
        HttpResponse<String> committed = server.send("POST", "/api/models/alice/m/commit/main", alice, LfsTestUploads.lfsCommit("small.bin", small));

        // Assert
        assertThat(full.statusCode()).as(full.body()).isEqualTo(507);
        assertThat(HubFixtures.json(full).path("error").asText()).startsWith("storage is full while writing ");
        assertThat(uploadHref(big, "basic")).as("nothing was recorded: the object must still be uploaded").isNotEmpty();
        assertThat(leftovers).isEmpty();
        assertThat(fits.statusCode()).as(fits.body()).isEqualTo(200);
        assertThat(committed.statusCode()).as(committed.body()).isEqualTo(200);
        assertThat(server.getBytes("/alice/m/resolve/main/small.bin", null)).isEqualTo(small);
    }

    @Test
    void aMultipartPartThatDoesNotFitIs507AndLeavesNoPartBehind() throws Exception {
        // Prepare: parts are 16 MiB, so the first part alone overflows the disk
        byte[] big = LfsTestUploads.random(17 << 20, 3);
        JsonNode action = uploadAction(big, "multipart");
        String part1 = action.path("header").path("00001").asText();

        // Execute
        HttpResponse<String> full = put(part1, java.util.Arrays.copyOf(big, 16 << 20));
        List<String> leftovers;
        try (Stream<Path> parts = Files.walk(disk.resolve("storage"))) {
            leftovers = parts.filter(Files::isRegularFile).map(Path::toString).filter(p -> p.contains("/blobs/lfs-parts/") || p.contains("/.tmp/")).toList();
        }

        // Assert
        assertThat(full.statusCode()).as(full.body()).isEqualTo(507);
        assertThat(HubFixtures.json(full).path("error").asText()).isEqualTo("storage is full while staging part 1 of an upload");
        assertThat(leftovers).isEmpty();
        assertThat(server.get("/health", null).statusCode()).isEqualTo(200);
    }

    private List<String> temporaries() throws IOException {
        try (Stream<Path> all = Files.walk(disk.resolve("storage"))) {
            return all.filter(Files::isRegularFile).map(Path::toString).filter(p -> p.contains("/.tmp/")).toList();
        }
    }

    private JsonNode uploadAction(byte[] bytes, String transfer) {
        return LfsTestUploads.uploadAction(server, alice, bytes, transfer);
    }

    private String uploadHref(byte[] bytes, String transfer) throws Exception {
        return uploadAction(bytes, transfer).path("href").asText();
    }

    private HttpResponse<String> put(String url, byte[] body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url.startsWith("http") ? url : server.url() + url))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
