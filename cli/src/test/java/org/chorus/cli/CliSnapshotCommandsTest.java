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

/** snapshot export, import, list and delete against a real server: the hub's own export comes back as an ecosystem. */
class CliSnapshotCommandsTest {
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

    private int run(String token, String... args) {
        CliHarness cli = new CliHarness(dir.resolve("home"), Map.of("CHORUS_TOKEN", token));
        int code = cli.runAt(server.url(), "", args);
        out = cli.out();
        err = cli.err();
        return code;
    }

    @Test
    void anExportedSnapshotImportsAsAnEcosystem() throws Exception {
        String admin = ServerFixture.ADMIN_TOKEN;
        assertThat(run(admin, "repo", "create", "admin/open")).as(err).isZero();
        assertThat(run(admin, "repo", "create", "admin/closed", "--private")).as(err).isZero();

        assertThat(run(admin, "snapshot", "export")).as(err).isZero();
        assertThat(out).contains("Committed 1 models and 0 datasets to datasets/admin/hub-stats at ");
        Path models = dir.resolve("models.parquet");
        Files.write(models, server.getBytes("/datasets/admin/hub-stats/resolve/main/models.parquet", admin));

        assertThat(server.send("POST", "/api/chorus/ecosystems/mirror", null, "PAR1").statusCode()).as("anonymous").isEqualTo(401);
        assertThat(run(admin, "snapshot", "import", models.toString(), "--name", "mirror")).as(err).isZero();
        assertThat(out).contains("Imported 1 models into ecosystem mirror");
        assertThat(run(admin, "snapshot", "list", "--json")).as(err).isZero();
        assertThat(out.replaceAll("\\s", "")).contains("\"name\":\"hub\",\"source\":\"live\"")
                .contains("\"name\":\"mirror\",\"source\":\"snapshot\",\"models\":1,\"datasets\":0");

        Path notParquet = dir.resolve("models-broken.parquet");
        Files.writeString(notParquet, "id,author\nx/y,x\n");
        assertThat(run(admin, "snapshot", "import", notParquet.toString(), "--name", "broken")).isEqualTo(1);
        assertThat(err).contains("400").contains("not a Parquet file");

        assertThat(run(admin, "snapshot", "delete", "mirror")).as(err).isZero();
        assertThat(run(admin, "snapshot", "list", "--json")).isZero();
        assertThat(out).doesNotContain("mirror").doesNotContain("broken");
    }
}
