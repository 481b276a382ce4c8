package org.chorus.server.hf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.chorus.server.ServerFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Downloads through {@code resolve} from clients that ask for odd ranges, stop reading, or read at 1 KB/s: each is
 * answered or survived, other downloads get every byte meanwhile, and the stored file stays intact. Subclasses pick
 * the chunk store (directory, S3).
 */
abstract class BadDownloadClientsContract {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Larger than the socket buffers of both ends, so a client that does not read really stalls the server's writes. */
    private static final int SIZE = 12 << 20;

    @TempDir
    Path dir;
    ServerFixture server;
    String alice;
    byte[] bytes;

    abstract ServerFixture start(Path dataDir);

    @BeforeEach
    void storeAFile() throws Exception {
        server = start(dir);
        alice = HubFixtures.user(server, "alice", "write");
        assertThat(server.send("POST", "/api/repos/create", alice, "{\"name\":\"m\",\"organization\":\"alice\"}").statusCode()).isEqualTo(200);
        bytes = new byte[SIZE];
        new Random(3).nextBytes(bytes);
        String oid = HubApiContract.sha256(bytes);
        String batch = "{\"operation\":\"upload\",\"transfers\":[\"basic\"],\"objects\":[{\"oid\":\"" + oid + "\",\"size\":" + SIZE + "}]}";
        String href = HubFixtures.json(server.send("POST", "/alice/m.git/info/lfs/objects/batch", alice, batch)).path("objects").get(0)
                .path("actions").path("upload").path("href").asText();
        assertThat(get("PUT", href, null, bytes).statusCode()).isEqualTo(200);
        String commit = "{\"key\":\"header\",\"value\":{\"summary\":\"s\"}}\n"
                + "{\"key\":\"lfsFile\",\"value\":{\"path\":\"w.bin\",\"algo\":\"sha256\",\"oid\":\"" + oid + "\",\"size\":" + SIZE + "}}";
        assertThat(server.send("POST", "/api/models/alice/m/commit/main", alice, commit).statusCode()).isEqualTo(200);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    HttpResponse<byte[]> get(String method, String path, String range, byte[] body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : server.url() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (range != null) {
            b.header("Range", range);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void rangesPastTheEndAndOverlappingRangesAreAnsweredByTheRfc() throws Exception {
        // Execute
        HttpResponse<byte[]> past = get("GET", "/alice/m/resolve/main/w.bin", "bytes=" + SIZE + "-", null);
        HttpResponse<byte[]> clamped = get("GET", "/alice/m/resolve/main/w.bin", "bytes=" + (SIZE - 10) + "-" + (SIZE + 5000), null);
        HttpResponse<byte[]> overlapping = get("GET", "/alice/m/resolve/main/w.bin", "bytes=0-99,50-149", null);
        HttpResponse<byte[]> head = get("HEAD", "/alice/m/resolve/main/w.bin", "bytes=100-199", null);

        // Assert
        assertThat(past.statusCode()).isEqualTo(416);
        assertThat(past.headers().firstValue("Content-Range")).contains("bytes */" + SIZE);
        assertThat(clamped.statusCode()).isEqualTo(206);
        assertThat(clamped.body()).isEqualTo(Arrays.copyOfRange(bytes, SIZE - 10, SIZE));
        assertThat(overlapping.statusCode()).as("several ranges are served whole").isEqualTo(200);
        assertThat(overlapping.body()).isEqualTo(bytes);
        assertThat(head.statusCode()).isEqualTo(206);
        assertThat(head.headers().firstValue("Content-Length")).contains("100");
        assertThat(head.body()).isEmpty();
    }

    /** A raw HTTP/1.1 download that reads only what the test lets it read. */
    Socket open() throws Exception {
        Socket s = new Socket();
        s.setReceiveBufferSize(4096);
        s.connect(new InetSocketAddress("127.0.0.1", URI.create(server.url()).getPort()));
        OutputStream out = s.getOutputStream();
        out.write(("GET /alice/m/resolve/main/w.bin HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return s;
    }

    @Test
    void stalledAbandonedAndSlowDownloadsLeaveOthersWhole() throws Exception {
        // Prepare: 4 clients read 64 KiB and stop (connection open), 4 read 64 KiB and hang up,
        // 8 read 1 KB a second in the background
        List<Socket> stalled = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Socket s = open();
            s.getInputStream().readNBytes(64 << 10);
            if (i % 2 == 0) {
                stalled.add(s);
            } else {
                s.setSoLinger(true, 0);
                s.close();
            }
        }
        List<Socket> slow = new ArrayList<>();
        List<Thread> readers = new ArrayList<>();
        long[] slowRead = new long[8];
        for (int i = 0; i < 8; i++) {
            Socket s = open();
            slow.add(s);
            int k = i;
            readers.add(Thread.ofVirtual().start(() -> {
                try (InputStream in = s.getInputStream()) {
                    byte[] kb = new byte[1000];
                    for (int n; (n = in.read(kb)) > 0; ) {
                        slowRead[k] += n;
                        Thread.sleep(1000);
                    }
                } catch (Exception e) {
                    // closed by the test at its end
                }
            }));
        }

        try {
            // Execute: ordinary downloads meanwhile, full and ranged
            HttpResponse<byte[]> whole = get("GET", "/alice/m/resolve/main/w.bin", null, null);
            HttpResponse<byte[]> range = get("GET", "/alice/m/resolve/main/w.bin", "bytes=5000000-9000000", null);

            // Assert
            assertThat(whole.statusCode()).isEqualTo(200);
            assertThat(whole.body()).isEqualTo(bytes);
            assertThat(range.body()).isEqualTo(Arrays.copyOfRange(bytes, 5_000_000, 9_000_001));
            for (long n : slowRead) {
                assertThat(n).as("the slow readers were still reading").isLessThan(SIZE);
            }
        } finally {
            for (Socket s : stalled) {
                s.close();
            }
            for (Socket s : slow) {
                s.close();
            }
            for (Thread t : readers) {
                t.join();
            }
        }
        // Once they are gone, the file is still whole
        assertThat(get("GET", "/alice/m/resolve/main/w.bin", null, null).body()).isEqualTo(bytes);
    }
}
