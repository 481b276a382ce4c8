package org.chorus.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.chorus.client.HubModels.CommitResult;
import org.chorus.client.HubModels.UploadFile;
import org.chorus.server.ServerFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SDK uploads large files over Xet against a real server, which checks every hash it is sent (xorb names, file
 * hashes, verification hashes, the SHA-256): an upload it accepts proves the SDK hashes as the server does.
 */
class XetUploadTest {
    /** Over the server's LFS threshold (10 MiB); a few xorbs' worth of 64 KiB chunks. */
    private static final int SIZE = 24 << 20;
    private static final Pattern XORB_BYTES = Pattern.compile("(?m)^chorus_xet_xorb_bytes_received_total\\S* ([0-9.E]+)$");

    @TempDir
    static Path dir;
    static ServerFixture server;
    static HubClient hub;

    @BeforeAll
    static void start() {
        server = ServerFixture.sqlite(dir.resolve("server"));
        hub = ChorusClient.connect(server.url(), ServerFixture.ADMIN_TOKEN).hub(dir.resolve("state"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static RepoId newRepo(String name) {
        RepoId repo = RepoId.model("admin", name);
        hub.createRepo(repo, false);
        return repo;
    }

    private static Path write(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve("local").resolve(name);
        Files.createDirectories(p.getParent());
        return Files.write(p, bytes);
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Bytes of xorbs the server has received so far, from its own counter. */
    private static double xorbBytesReceived() {
        Matcher m = XORB_BYTES.matcher(server.get("/metrics", ServerFixture.ADMIN_TOKEN).body());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    /** Term announcements the server accepted so far (all their terms checked), from its request metrics. */
    private static long announcementsAccepted() {
        return server.get("/metrics", ServerFixture.ADMIN_TOKEN).body().lines()
                .filter(l -> l.startsWith("chorus_http_requests_seconds_count{") && l.contains("route=\"/xet-cas/chorus/v1/announce\"")
                        && l.contains("status=\"200\""))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static CommitResult upload(RepoId repo, String path, Path file) {
        return hub.upload(repo, "main", List.of(new UploadFile(path, file)), "upload " + path, ProgressListener.NONE);
    }

    @Test
    void aSecondVersionWithATenthChangedSendsAtMostFifteenPercentAndDownloadsByteForByte() throws IOException {
        RepoId repo = newRepo("xet-versions");
        byte[] v1 = random(SIZE, 1);
        double before = xorbBytesReceived();
        long announced = announcementsAccepted();
        CommitResult first = upload(repo, "model.safetensors", write("v1.bin", v1));
        double firstXorbs = xorbBytesReceived() - before;
        long firstAnnouncements = announcementsAccepted() - announced;

        // A new header (its length changes too, shifting everything after it) and 10% of the "tensors" rewritten
        // in eight places.
        byte[] header = random(1000, 2);
        byte[] v2 = new byte[header.length + SIZE];
        System.arraycopy(header, 0, v2, 0, header.length);
        System.arraycopy(v1, 0, v2, header.length, SIZE);
        Random r = new Random(3);
        for (int i = 0; i < 8; i++) {
            int at = header.length + i * (SIZE / 8) + r.nextInt(SIZE / 16);
            byte[] tensor = random(SIZE / 80, 10 + i);
            System.arraycopy(tensor, 0, v2, at, tensor.length);
        }
        before = xorbBytesReceived();
        announced = announcementsAccepted();
        CommitResult second = upload(repo, "model.safetensors", write("v2.bin", v2));
        double secondXorbs = xorbBytesReceived() - before;
        long secondAnnouncements = announcementsAccepted() - announced;

        assertThat(first.bytesSent()).isGreaterThanOrEqualTo(SIZE);
        assertThat(firstXorbs).isGreaterThanOrEqualTo(SIZE);
        assertThat(second.bytesSent()).isLessThanOrEqualTo((long) (0.15 * v2.length));
        assertThat(secondXorbs).isLessThanOrEqualTo(0.15 * v2.length);
        assertThat(second.bytesDeduplicated()).isGreaterThanOrEqualTo((long) (0.85 * v2.length));
        assertThat(second.filesChanged()).isEqualTo(1);
        // A new file is hashed by the server as its xorbs arrive; a second version's terms are announced while it is
        // chunked (and accepted: every term passed the server's checks), so its shard is not read back
        assertThat(firstAnnouncements).isZero();
        assertThat(secondAnnouncements).isPositive();
        Path got = hub.download(repo, "main", "model.safetensors", dir.resolve("cache"), ProgressListener.NONE);
        assertThat(Files.readAllBytes(got)).isEqualTo(v2);
        assertThat(hub.listFiles(repo, "main")).filteredOn(e -> e.path().equals("model.safetensors")).singleElement()
                .satisfies(e -> assertThat(e.lfsOid()).isEqualTo(Hashes.sha256(got, n -> { })));
    }

    @Test
    void aFileOfManyFullXorbsIsSentFromItsMappingAndDownloadsByteForByte() throws Exception {
        // Five xorbs, each its chunks' headers and slices of the mapped file, more than the SDK keeps in flight at
        // once. Random words (fast to make, and no chunk repeats, so nothing is deduplicated away); the expected
        // SHA-256 is the test's own.
        long size = 4L * XetUploader.MAX_XORB_BYTES + (3 << 20);
        Path file = dir.resolve("local").resolve("many-xorbs.bin");
        Files.createDirectories(file.getParent());
        java.security.MessageDigest expected = java.security.MessageDigest.getInstance("SHA-256");
        try (var out = Files.newOutputStream(file)) {
            java.util.SplittableRandom r = new java.util.SplittableRandom(8);
            byte[] block = new byte[1 << 20];
            for (long written = 0; written < size; written += block.length) {
                for (int i = 0; i < block.length; i += 8) {
                    long v = r.nextLong();
                    for (int k = 0; k < 8; k++) {
                        block[i + k] = (byte) (v >>> (8 * k));
                    }
                }
                out.write(block);
                expected.update(block);
            }
        }
        RepoId repo = newRepo("xet-many-xorbs");
        double before = xorbBytesReceived();

        CommitResult r = upload(repo, "big.bin", file);

        assertThat(xorbBytesReceived() - before).isGreaterThanOrEqualTo(size);
        assertThat(r.bytesDeduplicated()).isZero();
        Path got = hub.download(repo, "main", "big.bin", dir.resolve("cache"), ProgressListener.NONE);
        assertThat(Files.size(got)).isEqualTo(size);
        assertThat(Hashes.sha256(got, n -> { })).isEqualTo(Hashes.hex(expected.digest()));
    }

    @Test
    void anUnchangedFileSendsNoXorbAndMakesNoCommit() throws IOException {
        RepoId repo = newRepo("xet-unchanged");
        Path file = write("same.bin", random(SIZE / 2, 4));
        upload(repo, "same.bin", file);
        double before = xorbBytesReceived();

        CommitResult again = upload(repo, "same.bin", file);

        assertThat(again.nothingToCommit()).isTrue();
        assertThat(again.bytesSent()).isZero();
        assertThat(xorbBytesReceived() - before).isZero();
        assertThat(hub.listCommits(repo, "main")).hasSize(2);
    }

    /**
     * A new file is not hashed with SHA-256 by the SDK: its oid comes from the server's answer to the shard. A file
     * of the size the branch holds is hashed here (it may be unchanged). Either way the oid committed is the SHA-256
     * of the bytes, computed here by the test itself.
     */
    @Test
    void theCommittedOidIsTheSha256OfTheBytesWhetherTheServerOrTheSdkHashedThem() throws Exception {
        RepoId repo = newRepo("xet-oids");
        byte[] first = random(SIZE / 2, 7);
        byte[] sameSize = first.clone();
        sameSize[SIZE / 4] ^= 1;
        byte[] longer = java.util.Arrays.copyOf(sameSize, SIZE / 2 + 1000);
        for (byte[] version : List.of(first, sameSize, longer)) {
            upload(repo, "v.bin", write("v.bin", version));
            String expected = Hashes.hex(java.security.MessageDigest.getInstance("SHA-256").digest(version));
            assertThat(hub.listFiles(repo, "main")).filteredOn(e -> e.path().equals("v.bin"))
                    .singleElement().satisfies(e -> assertThat(e.lfsOid()).isEqualTo(expected));
        }
        assertThat(hub.listCommits(repo, "main")).hasSize(4);
    }

    @Test
    void aServerWithoutXetGetsTheFileThroughLfs() throws Exception {
        RepoId repo = newRepo("no-xet");
        byte[] bytes = random(SIZE / 2, 6);
        try (NoXetProxy proxy = new NoXetProxy(server.url())) {
            HubClient viaProxy = ChorusClient.connect(proxy.url(), ServerFixture.ADMIN_TOKEN).hub(dir.resolve("proxy-state"));
            double before = xorbBytesReceived();

            CommitResult r = viaProxy.upload(repo, "main", List.of(new UploadFile("w.bin", write("w.bin", bytes))), "lfs", ProgressListener.NONE);

            assertThat(proxy.paths).anyMatch(p -> p.contains("/xet-write-token/")).anyMatch(p -> p.endsWith("/info/lfs/objects/batch"));
            assertThat(xorbBytesReceived() - before).isZero();
            assertThat(r.bytesSent()).isEqualTo(bytes.length);
            assertThat(Files.readAllBytes(hub.download(repo, "main", "w.bin", dir.resolve("cache"), ProgressListener.NONE))).isEqualTo(bytes);
        }
    }

    @Test
    void chunksTheServerCutFromAnLfsUploadAreNotSentAgain() throws IOException {
        RepoId repo = newRepo("xet-after-lfs");
        byte[] bytes = random(SIZE / 2, 5);
        Path file = write("lfs.bin", bytes);
        String sha = Hashes.sha256(file, n -> { });
        Http http = new Http(server.url(), ServerFixture.ADMIN_TOKEN);
        new LfsUploader(http, dir.resolve("lfs-state")).upload(repo, "main",
                List.of(new LfsUploader.LfsFile("lfs.bin", file, sha, bytes.length)), ProgressListener.NONE, new TransferTally());
        double before = xorbBytesReceived();

        CommitResult viaXet = upload(repo, "copy.bin", file);

        // Same chunk boundaries and chunk hashes as the server's own chunker: every chunk is found, no xorb is sent.
        assertThat(xorbBytesReceived() - before).isZero();
        assertThat(viaXet.bytesDeduplicated()).isEqualTo(bytes.length);
        assertThat(Files.readAllBytes(hub.download(repo, "main", "copy.bin", dir.resolve("cache"), ProgressListener.NONE)))
                .isEqualTo(bytes);
    }

    @Test
    void aFileShortenedByAnotherProcessDuringItsUploadIsReportedAsChanged() throws IOException {
        // Truncated when the first chunk is placed: the reader is then at most its pool of 4 MiB blocks (13) ahead,
        // so it still has pages of the mapping to copy, which now fault (the JVM's InternalError), before a xorb is
        // full enough to be sent.
        int size = 128 << 20;
        RepoId repo = newRepo("xet-shortened");
        Path file = write("shrinking.bin", random(size, 11));
        ProgressListener truncate = (path, phase, done, total) -> {
            if (done > 0 && done < size) {
                try (java.nio.channels.FileChannel c = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
                    c.truncate(0);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        };

        assertThatThrownBy(() -> hub.upload(repo, "main", List.of(new UploadFile("shrinking.bin", file)), "upload", truncate))
                .hasMessageContaining("shrinking.bin changed during its upload (" + size + " bytes when it began, 0 bytes now)");
        assertThat(hub.listFiles(repo, "main")).noneMatch(e -> e.path().equals("shrinking.bin"));
    }

    @Test
    void anUploadInterruptedAfterItsFirstXorbSendsOnlyTheRestWhenRunAgain() throws IOException {
        // Over one 64 MiB xorb, so that one xorb is stored and the rest is not when the upload stops.
        int size = 80 << 20;
        RepoId repo = newRepo("xet-resume");
        byte[] bytes = random(size, 7);
        Path file = write("big.bin", bytes);
        double before = xorbBytesReceived();
        ProgressListener stopAfterFirstXorb = (path, phase, done, total) -> {
            if (done >= size - (8 << 20)) {
                // The first xorb was sealed at ~64 MiB and is on its way: wait until the server has it, then stop.
                for (long deadline = System.nanoTime() + 60_000_000_000L; xorbBytesReceived() - before < 63 << 20; ) {
                    assertThat(System.nanoTime()).isLessThan(deadline);
                    Thread.onSpinWait();
                }
                throw new IllegalStateException("stopped");
            }
        };
        assertThatThrownBy(() -> hub.upload(repo, "main", List.of(new UploadFile("big.bin", file)), "upload", stopAfterFirstXorb))
                .hasMessageContaining("stopped");
        assertThat(hub.listFiles(repo, "main")).noneMatch(e -> e.path().equals("big.bin"));
        double firstTry = xorbBytesReceived() - before;

        CommitResult again = upload(repo, "big.bin", file);

        // The stored xorb is found through the first chunk's deduplication query; only the last ~16 MiB travel.
        double secondTry = xorbBytesReceived() - before - firstTry;
        assertThat(firstTry).isLessThan(size);
        assertThat(secondTry).isLessThanOrEqualTo(size - firstTry + (1 << 20));
        assertThat(again.bytesDeduplicated()).isGreaterThanOrEqualTo((long) firstTry - (1 << 20));
        assertThat(Files.readAllBytes(hub.download(repo, "main", "big.bin", dir.resolve("cache"), ProgressListener.NONE)))
                .isEqualTo(bytes);
    }
}
