package org.chorus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.chorus.server.ServerFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands for what the server can do — users, organisations, repository refs and settings, run deletion, the
 * model registry — run as a user types them, against one server for the class (each test uses its own names).
 */
class CliCompleteCommandsTest {
    @TempDir
    static Path dir;
    static ServerFixture server;
    static ServerCli cli;

    @BeforeAll
    static void start() {
        server = ServerFixture.sqlite(dir.resolve("server"));
        cli = new ServerCli(dir.resolve("home"), server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String ok(String... args) {
        assertThat(cli.run(args)).as(String.join(" ", args) + ": " + cli.err()).isZero();
        return cli.out();
    }

    @Test
    void usersAndOrganisationsAreListedAndMembersRemoved() {
        ok("users", "create", "bob", "--fullname", "Bob B.");
        ok("orgs", "create", "audio-lab");
        ok("orgs", "add-member", "audio-lab", "bob", "--role", "write");

        assertThat(ok("users", "list")).containsPattern("(?m)^NAME +FULL NAME +SITE ADMIN$").containsPattern("(?m)^admin .*yes$")
                .containsPattern("(?m)^bob +Bob B\\.$");
        assertThat(ok("orgs", "list")).containsPattern("(?m)^audio-lab ").doesNotContain("bob");
        assertThat(server.get("/api/chorus/users", null).statusCode()).as("names are listed to signed-in callers").isEqualTo(401);
        assertThat(ok("orgs", "members", "audio-lab")).containsPattern("(?m)^admin +admin$").containsPattern("(?m)^bob +write$");

        assertThat(ok("orgs", "remove-member", "audio-lab", "bob")).contains("bob is no longer a member of audio-lab");
        assertThat(ok("orgs", "members", "audio-lab")).doesNotContain("bob");
    }

    @Test
    void branchesTagsAndVisibilityOfARepository() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("refs-model"));
        Files.writeString(folder.resolve("config.json"), "{}");
        ok("upload", "admin/refs", folder.toString(), "--create");
        String head = ok("repo", "info", "admin/refs").replaceAll("(?s).*head ([0-9a-f]{40}).*", "$1");
        assertThat(cli.out()).contains("admin/refs  public  head ").contains("files (2):", "  .gitattributes", "  config.json");

        ok("repo", "branch", "create", "admin/refs", "dev");
        ok("repo", "tag", "admin/refs", "v1", "--revision", "dev", "-m", "first");
        assertThat(ok("repo", "branches", "admin/refs")).containsPattern("(?m)^dev +" + head + "$").containsPattern("(?m)^main +" + head + "$");
        assertThat(ok("repo", "tags", "admin/refs")).containsPattern("(?m)^v1 +" + head + "$");

        ok("repo", "branch", "delete", "admin/refs", "dev");
        ok("repo", "tag", "admin/refs", "v1", "--delete");
        assertThat(ok("repo", "branches", "admin/refs")).doesNotContain("dev");
        assertThat(ok("repo", "tags", "admin/refs")).doesNotContain("v1");

        ok("repo", "visibility", "admin/refs", "private");
        assertThat(server.get("/api/models/admin/refs", null).statusCode()).isEqualTo(404);
        assertThat(ok("repo", "info", "admin/refs")).contains("admin/refs  private");
        assertThat(cli.run("repo", "visibility", "admin/refs", "secret")).isEqualTo(1);
        assertThat(cli.err()).contains("visibility is private or public, not 'secret'");
    }

    @Test
    void squashingAndRemovingOldLargeFilesLeavesTheCurrentOne() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("ckpt-model"));
        byte[] weights = new byte[300_000];
        for (int version = 1; version <= 2; version++) {
            new Random(version).nextBytes(weights);
            Files.write(folder.resolve("model.bin"), weights);
            ok("upload", "admin/ckpts", folder.toString(), "--create", "-m", "v" + version);
        }
        String current = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(weights));

        assertThat(ok("repo", "squash", "admin/ckpts", "--yes", "-m", "Only the last weights")).contains("Squashed admin/ckpts's main into ");
        assertThat(ok("log", "admin/ckpts")).contains("Only the last weights").doesNotContain("v1");
        String listed = ok("repo", "lfs-files", "admin/ckpts");
        assertThat(listed).containsPattern("(?m)^SHA256 +SIZE +UPLOADED +FILE$").containsPattern("(?m)^" + current + " +300000 .* model\\.bin$")
                .contains("(not on the default branch)");
        String old = listed.lines().filter(l -> l.contains("(not on the default branch)")).findFirst().orElseThrow().split(" +")[0];
        assertThat(cli.run("repo", "lfs-rm", "admin/ckpts", old)).as("no --yes and no typed name: nothing changes").isEqualTo(1);
        assertThat(ok("repo", "lfs-rm", "admin/ckpts", old, "--yes")).contains("Removed 1 large file(s) from admin/ckpts");
        assertThat(ok("repo", "lfs-files", "admin/ckpts")).contains(current).doesNotContain(old);
        assertThat(server.getBytes("/admin/ckpts/resolve/main/model.bin", ServerFixture.ADMIN_TOKEN)).isEqualTo(weights);
    }

    @Test
    void aRepositoryMovesToAnotherOwnerWithItsFilesAndHistory() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("move-model"));
        Files.writeString(folder.resolve("config.json"), "{\"layers\": 2}");
        ok("upload", "admin/old-name", folder.toString(), "--create", "-m", "Weights before the move");
        ok("orgs", "create", "movers");

        assertThat(ok("repo", "move", "admin/old-name", "movers/new-name")).contains("Moved admin/old-name to movers/new-name");

        assertThat(ok("repo", "info", "movers/new-name")).contains("  config.json");
        assertThat(ok("log", "movers/new-name")).contains("Weights before the move");
        assertThat(ok("repo", "info", "admin/old-name")).as("the old name redirects to the moved repository").contains("movers/new-name  public").contains("  config.json");
        assertThat(cli.run("repo", "move", "admin/old-name", "movers/other")).isEqualTo(1);
        assertThat(cli.err()).contains("admin/old-name");
    }

    @Test
    void aDeletedRunLeavesTheListAndComesBack() {
        String run = ok("runs", "log", "-e", "deletions", "--name", "gone", "--metric", "loss=1").strip();

        assertThat(ok("runs", "delete", run)).contains("chorus runs restore " + run);
        assertThat(ok("runs", "list", "-e", "deletions")).doesNotContain(run);
        ok("runs", "restore", run);
        assertThat(ok("runs", "list", "-e", "deletions")).contains(run);
    }

    @Test
    void aMissingExperimentIsNamedWithTheCommandThatCreatesIt() {
        assertThat(cli.run("runs", "list", "-e", "nowhere")).isEqualTo(1);
        assertThat(cli.err()).contains("no experiment 'nowhere': create it with chorus experiments create nowhere");
    }

    @Test
    void versionsAreRegisteredListedAliasedAndStaged() {
        String first = ok("runs", "log", "-e", "registry", "--metric", "accuracy=0.8").strip();
        String second = ok("runs", "log", "-e", "registry", "--metric", "accuracy=0.9").strip();
        assertThat(ok("models", "register", "classifier", "--run", first)).contains("Registered classifier version 1 from run " + first);
        assertThat(cli.err()).contains("Created registered model classifier");
        assertThat(ok("models", "register", "classifier", "--run", second, "--path", "weights")).contains("version 2");

        ok("models", "alias", "classifier", "champion", "1");
        assertThat(ok("models", "stage", "classifier", "2", "Production")).contains("classifier version 2 is now in Production");

        assertThat(ok("models", "list")).containsPattern("(?m)^classifier +2 +champion→1");
        String versions = ok("models", "versions", "classifier");
        assertThat(versions.lines().skip(1).map(l -> l.split(" +")[0]).toList()).containsExactly("2", "1");
        assertThat(versions).containsPattern("(?m)^2 +Production .*runs:/" + second + "/weights$")
                .containsPattern("(?m)^1 +None +champion ");

        ok("models", "alias", "classifier", "champion", "--delete");
        assertThat(ok("models", "list")).doesNotContain("champion");
        assertThat(cli.run("models", "versions", "nothing")).isEqualTo(1);
        assertThat(cli.err()).contains("RESOURCE_DOES_NOT_EXIST");
    }
}
