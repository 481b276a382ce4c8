package org.chorus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.chorus.client.ChorusClient;
import org.chorus.client.HubModels.UploadFile;
import org.chorus.client.ProgressListener;
import org.chorus.client.RepoId;
import org.chorus.server.ServerFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** storage fsck and gc on the data directory a server left behind. */
class CliStorageCommandsTest {
    @TempDir
    Path dir;
    String out;

    private int run(String... args) {
        String[] withData = java.util.Arrays.copyOf(args, args.length + 2);
        withData[args.length] = "--data";
        withData[args.length + 1] = dir.resolve("server").toString();
        CliHarness cli = new CliHarness(dir.resolve("home"), Map.of());
        int code = cli.run("", withData);
        out = cli.out() + cli.err();
        return code;
    }

    private void uploadALargeFile() throws Exception {
        byte[] weights = new byte[300_000];
        new Random(3).nextBytes(weights);
        weights[0] = 0; // a NUL in the sample makes the server ask for LFS, so the bytes go to the chunk store
        Path local = Files.write(dir.resolve("model.bin"), weights);
        try (ServerFixture server = ServerFixture.sqlite(dir.resolve("server"))) {
            var hub = ChorusClient.connect(server.url(), ServerFixture.ADMIN_TOKEN).hub(dir.resolve("state"));
            hub.createRepo(RepoId.model("admin", "m"), false);
            hub.upload(RepoId.model("admin", "m"), "main", List.of(new UploadFile("model.bin", local)), "w", ProgressListener.NONE);
            var artifact = server.send("PUT", "/api/2.0/mlflow-artifacts/artifacts/1/r/artifacts/notes.txt", ServerFixture.ADMIN_TOKEN,
                    "a checkpoint note");
            assertThat(artifact.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void gcKeepsWhatTheHubAndTrackingReferenceAndFsckStaysClean() throws Exception {
        uploadALargeFile();

        assertThat(run("storage", "gc", "--grace", "PT0S")).as(out.toString()).isZero();
        assertThat(out.toString()).contains("forgot 0 large files").contains("forgot 0 card embeddings").contains("deleted 0 unreferenced files").contains("kept 2 files");
        assertThat(run("storage", "fsck")).as(out.toString()).isZero();
        assertThat(out.toString()).contains("checked 2 files").endsWith("OK" + System.lineSeparator());
    }

    private long storedBytes() throws Exception {
        try (Stream<Path> files = Files.walk(dir.resolve("server/storage"))) {
            return files.filter(Files::isRegularFile).filter(p -> !p.toString().contains(".cache")).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    @Test
    void gcFreesTheLargeFilesOfADeletedRepository() throws Exception {
        uploadALargeFile();
        try (ServerFixture server = ServerFixture.sqlite(dir.resolve("server"))) {
            ChorusClient.connect(server.url(), ServerFixture.ADMIN_TOKEN).hub(dir.resolve("state")).deleteRepo(RepoId.model("admin", "m"));
        }
        long before = storedBytes();

        assertThat(run("storage", "gc", "--grace", "PT0S")).as(out).isZero();
        assertThat(out).contains("forgot 1 large files no repository references (300000 bytes)")
                .contains("deleted 1 unreferenced files").contains("kept 1 files");
        assertThat(before - storedBytes()).as("bytes freed on disk").isGreaterThanOrEqualTo(300_000);
        assertThat(run("storage", "fsck")).as(out).isZero();
        assertThat(out).contains("checked 1 files").endsWith("OK" + System.lineSeparator());
    }

    @Test
    void fsckReportsWhatAKilledUploadLeftAndGcRemovesIt() throws Exception {
        uploadALargeFile();
        Path partial = Files.write(dir.resolve("server/storage/.tmp/5a1d-killed.part"), new byte[54_000]);

        assertThat(run("storage", "fsck")).as(out).isZero();
        assertThat(out).contains("1 temporary files of unfinished writes (54000 bytes)").contains("removed by 'chorus storage gc'");
        assertThat(run("storage", "gc", "--grace", "PT0S")).as(out).isZero();
        assertThat(out).contains("1 temporary files of unfinished writes");
        assertThat(Files.exists(partial)).isFalse();
        assertThat(run("storage", "fsck")).as(out).isZero();
        assertThat(out).contains("0 temporary files").endsWith("OK" + System.lineSeparator());
    }

    @Test
    void fsckReportsACorruptedXorbAndExitsNonZero() throws Exception {
        uploadALargeFile();
        Path xorb;
        try (Stream<Path> files = Files.walk(dir.resolve("server/storage"))) {
            xorb = files.filter(Files::isRegularFile).filter(p -> p.toString().contains("xorb"))
                    .max(java.util.Comparator.comparingLong(p -> p.toFile().length())).orElseThrow();
        }
        try (RandomAccessFile f = new RandomAccessFile(xorb.toFile(), "rw")) {
            f.seek(f.length() / 2);
            int b = f.read();
            f.seek(f.length() / 2);
            f.write(b ^ 0xff);
        }

        assertThat(run("storage", "fsck")).isEqualTo(1);
        assertThat(out.toString()).contains("problem");
    }

    @Test
    void fsckAndGcRefuseAFolderWithoutChorusDataAndCreateNothing() throws Exception {
        assertThat(run("storage", "fsck")).isEqualTo(1);
        assertThat(out).contains("no Chorus storage at " + dir.resolve("server/storage")).contains("there is no " + dir.resolve("server"))
                .contains("--data DIR");
        Files.createDirectories(dir.resolve("server"));
        assertThat(run("storage", "gc")).isEqualTo(1);
        assertThat(out).contains(dir.resolve("server") + " holds no Chorus data");

        assertThat(dir.resolve("server")).isEmptyDirectory();
    }
}
