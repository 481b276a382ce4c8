package org.chorus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.chorus.server.ServerFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** repo, upload, download and log against a real server. */
class CliHubCommandsTest {
    @TempDir
    Path dir;
    ServerFixture server;
    String out;
    String err;

    @BeforeEach
    void start() {
        server = ServerFixture.sqlite(dir.resolve("server"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private int run(String stdin, String... args) {
        CliHarness cli = new CliHarness(dir.resolve("home"), Map.of("CHORUS_TOKEN", ServerFixture.ADMIN_TOKEN));
        int code = cli.runAt(server.url(), stdin, args);
        out = cli.out();
        err = cli.err();
        return code;
    }

    @Test
    void folderUploadDownloadsIntoALocalDirAndShowsInTheLog() throws Exception {
        Path folder = dir.resolve("model");
        Files.createDirectories(folder.resolve("sub"));
        Files.writeString(folder.resolve("config.json"), "{\"hidden\": 8}");
        Files.writeString(folder.resolve("sub/vocab.txt"), "a\nb\n");
        assertThat(run("", "repo", "create", "admin/tiny", "--private")).as(err.toString()).isZero();

        assertThat(run("", "upload", "admin/tiny", folder.toString(), "-m", "Add model")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Committed 2 file(s) to admin/tiny@main");
        assertThat(run("", "download", "admin/tiny", "--local-dir", dir.resolve("copy").toString())).as(err.toString()).isZero();

        assertThat(dir.resolve("copy/config.json")).hasContent("{\"hidden\": 8}");
        assertThat(dir.resolve("copy/sub/vocab.txt")).hasContent("a\nb\n");
        assertThat(run("", "log", "admin/tiny")).isZero();
        assertThat(out.toString()).contains("Add model");
        assertThat(run("", "repo", "list", "--author", "admin")).isZero();
        assertThat(out.toString()).contains("admin/tiny").contains("private");
    }

    @Test
    void deleteAsksForTheNameUnlessToldYes() {
        run("", "repo", "create", "admin/doomed");

        assertThat(run("wrong\n", "repo", "delete", "admin/doomed")).isEqualTo(1);
        assertThat(run("", "log", "admin/doomed")).isZero();
        assertThat(run("admin/doomed\n", "repo", "delete", "admin/doomed")).isZero();
        assertThat(run("", "log", "admin/doomed")).isEqualTo(1);
        assertThat(err.toString()).contains("404");
    }

    @Test
    void badRepoNamesAreUserErrors() {
        assertThat(run("", "log", "not-a-repo")).isEqualTo(1);
        assertThat(err.toString()).contains("owner/name");
    }

    @Test
    void uploadingWhatTheBranchHasMakesNoCommitAndOnlyChangedFilesAreCommitted() throws Exception {
        Path folder = dir.resolve("model");
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("config.json"), "{\"hidden\": 8}");
        byte[] weights = new byte[200_000];
        new java.util.Random(5).nextBytes(weights);
        weights[0] = 0; // binary: the server asks for LFS
        Files.write(folder.resolve("model.bin"), weights);
        run("", "repo", "create", "admin/same");
        assertThat(run("", "upload", "admin/same", folder.toString())).as(err).isZero();
        run("", "log", "admin/same");
        String history = out;

        assertThat(run("", "upload", "admin/same", folder.toString())).as(err).isZero();
        assertThat(out).contains("Nothing to commit: admin/same@main already has these 2 file(s).");
        assertThat(run("", "log", "admin/same")).isZero();
        assertThat(out).isEqualTo(history);

        Files.writeString(folder.resolve("config.json"), "{\"hidden\": 16}");
        assertThat(run("", "upload", "admin/same", folder.toString())).as(err).isZero();
        assertThat(out).contains("Committed 1 file(s) to admin/same@main").contains("(1 unchanged)");
    }

    @Test
    void uploadingToAMissingRepositorySaysHowToCreateItAndCreateDoes() throws Exception {
        Path file = Files.writeString(dir.resolve("notes.txt"), "hello");

        assertThat(run("", "upload", "admin/fresh", file.toString())).isEqualTo(1);
        assertThat(err).contains("no repository admin/fresh").contains("chorus repo create admin/fresh").contains("--create");

        assertThat(run("", "upload", "admin/fresh", file.toString(), "--create", "--private")).as(err).isZero();
        assertThat(err).contains("Created admin/fresh (private)");
        assertThat(out).contains("Committed 1 file(s) to admin/fresh@main");
    }
}
