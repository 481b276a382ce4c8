package org.chorus.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.chorus.client.HubModels.UploadFile;
import org.chorus.server.ServerFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SDK's hub operations against a real server. */
class HubClientTest {
    /** Over the server's LFS threshold (10 MiB) and its multipart part size (16 MiB), so over LFS it goes in two parts. */
    private static final int LARGE = 20 << 20;
    private static final int PART = 16 << 20;

    @TempDir
    Path dir;
    ServerFixture server;
    HubClient hub;
    final RepoId repo = RepoId.model("admin", "tiny-bert");

    @BeforeEach
    void start() {
        server = ServerFixture.sqlite(dir.resolve("server"));
        hub = ChorusClient.connect(server.url(), ServerFixture.ADMIN_TOKEN).hub(dir.resolve("state"));
        hub.createRepo(repo, false);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Path file(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve("local").resolve(name);
        Files.createDirectories(p.getParent());
        return Files.write(p, bytes);
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void uploadedFilesDownloadByteForByte() throws IOException {
        byte[] readme = "---\nlicense: mit\n---\n# Tiny BERT\n".getBytes();
        byte[] weights = random(LARGE, 1);
        List<UploadFile> files = List.of(new UploadFile("README.md", file("README.md", readme)),
                new UploadFile("weights/model.bin", file("model.bin", weights)));

        String commit = hub.upload(repo, "main", files, "First weights", ProgressListener.NONE).commitOid();

        Path cache = dir.resolve("cache");
        assertThat(commit).matches("[0-9a-f]{40}");
        assertThat(Files.readAllBytes(hub.download(repo, "main", "README.md", cache, ProgressListener.NONE))).isEqualTo(readme);
        Path got = hub.download(repo, "main", "weights/model.bin", cache, ProgressListener.NONE);
        assertThat(got).startsWith(cache.resolve("models/admin/tiny-bert/" + commit));
        assertThat(Files.readAllBytes(got)).isEqualTo(weights);
        assertThat(hub.listFiles(repo, "main")).filteredOn(e -> e.path().equals("weights/model.bin"))
                .singleElement().satisfies(e -> assertThat(e.lfsOid()).isEqualTo(Hashes.sha256(got, n -> { })));
        assertThat(hub.listCommits(repo, "main")).extracting(HubModels.CommitSummary::title).contains("First weights");
    }

    @Test
    void aLocalFileHoldingAnLfsPointerIsUploadedAsItsOwnBytes() throws IOException {
        RepoId secret = RepoId.model("admin", "secret");
        hub.createRepo(secret, true);
        byte[] weights = random(4096, 2);
        hub.upload(secret, "main", List.of(new UploadFile("w.bin", file("w.bin", weights))), "weights", ProgressListener.NONE);
        String oid = hub.listFiles(secret, "main").stream().filter(e -> e.path().equals("w.bin")).findFirst().orElseThrow().lfsOid();
        byte[] pointer = ("version https://git-lfs.github.com/spec/v1\noid sha256:" + oid + "\nsize " + weights.length + "\n").getBytes();

        hub.upload(repo, "main", List.of(new UploadFile("notes.txt", file("notes.txt", pointer))), "a checkout without git-lfs", ProgressListener.NONE);

        assertThat(Files.readAllBytes(hub.download(repo, "main", "notes.txt", dir.resolve("cache"), ProgressListener.NONE))).isEqualTo(pointer);
    }

    @Test
    void cachedFilesAreNotFetchedAgain() throws IOException {
        hub.upload(repo, "main", List.of(new UploadFile("a.txt", file("a.txt", "hello".getBytes()))), "a", ProgressListener.NONE);
        Path cache = dir.resolve("cache");
        hub.download(repo, "main", "a.txt", cache, ProgressListener.NONE);
        List<String> events = new ArrayList<>();

        Path again = hub.download(repo, "main", "a.txt", cache, (path, phase, done, total) -> events.add(phase));

        assertThat(events).isEmpty();
        assertThat(Files.readString(again)).isEqualTo("hello");
    }

    /** Over LFS (a server without Xet): parts already sent are not sent again. */
    @Test
    void interruptedLargeUploadResumesAfterTheLastFinishedPart() throws IOException {
        byte[] weights = random(LARGE, 2);
        List<UploadFile> files = List.of(new UploadFile("model.bin", file("model.bin", weights)));
        NoXetProxy proxy = new NoXetProxy(server.url());
        HubClient lfsOnly = ChorusClient.connect(proxy.url(), ServerFixture.ADMIN_TOKEN).hub(dir.resolve("state"));
        ProgressListener crashInPartTwo = (path, phase, done, total) -> {
            if (phase.equals("uploading") && done > PART + 1024) {
                throw new IllegalStateException("simulated crash");
            }
        };
        assertThatThrownBy(() -> lfsOnly.upload(repo, "main", files, "w", crashInPartTwo)).hasMessageContaining("simulated crash");
        List<Long> firstUploadProgress = new ArrayList<>();

        lfsOnly.upload(repo, "main", files, "w", (path, phase, done, total) -> {
            if (phase.equals("uploading") && firstUploadProgress.isEmpty()) {
                firstUploadProgress.add(done);
            }
        });
        proxy.close();

        assertThat(firstUploadProgress.getFirst()).isGreaterThan(PART);
        assertThat(Files.readAllBytes(hub.download(repo, "main", "model.bin", dir.resolve("cache"), ProgressListener.NONE))).isEqualTo(weights);
        assertThat(dir.resolve("state/uploads")).isEmptyDirectory();
    }

    @Test
    void listsAndDeletesRepositories() {
        hub.createRepo(RepoId.dataset("admin", "reviews"), true);

        assertThat(hub.listRepos(RepoId.Type.MODEL, "admin", "tiny", 10)).extracting(HubModels.RepoSummary::id).containsExactly("admin/tiny-bert");
        assertThat(hub.listRepos(RepoId.Type.DATASET, null, null, 10)).singleElement().satisfies(r -> assertThat(r.isPrivate()).isTrue());
        hub.deleteRepo(repo);
        assertThatThrownBy(() -> hub.listCommits(repo, "main")).isInstanceOfSatisfying(ChorusClientException.class,
                e -> assertThat(e.errorCode()).isEqualTo("RepoNotFound"));
    }

    @Test
    void repoIdsParseBothForms() {
        assertThat(RepoId.parse("datasets/lab/reviews")).isEqualTo(RepoId.dataset("lab", "reviews"));
        assertThat(RepoId.parse("lab/bert")).isEqualTo(RepoId.model("lab", "bert"));
        assertThatThrownBy(() -> RepoId.parse("bert")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RepoId.parse("a/b/c")).isInstanceOf(IllegalArgumentException.class);
    }
}
