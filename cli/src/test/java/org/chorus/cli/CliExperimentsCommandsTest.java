package org.chorus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.chorus.server.ServerFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** experiments create, list, delete and runs log on a fresh server: the README tour's tracking section. */
class CliExperimentsCommandsTest {
    @TempDir
    Path dir;
    ServerFixture server;
    ServerCli cli;

    @BeforeEach
    void start() {
        server = ServerFixture.sqlite(dir.resolve("server"));
        cli = new ServerCli(dir.resolve("home"), server);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void experimentsAreCreatedListedAndDeleted() {
        assertThat(cli.run("experiments", "create", "mnist")).as(cli.err()).isZero();
        assertThat(cli.out()).startsWith("Created experiment mnist (id ");
        assertThat(cli.run("experiments", "list")).isZero();
        assertThat(cli.out()).contains("mnist");

        assertThat(cli.run("experiments", "delete", "mnist")).as(cli.err()).isZero();

        assertThat(cli.run("experiments", "list")).isZero();
        assertThat(cli.out()).doesNotContain("mnist");
    }

    @Test
    void runsLoggedFromTheCommandLineAndAJsonFileShowInTheList() throws Exception {
        assertThat(cli.run("runs", "log", "-e", "mnist", "--name", "first", "--param", "lr=0.01", "--metric", "accuracy=0.93",
                "--tag", "team=vision")).as(cli.err()).isZero();
        assertThat(cli.err()).contains("Created experiment mnist");
        String first = cli.out().strip();
        Path json = Files.writeString(dir.resolve("run.json"), "{\"params\": {\"lr\": 0.1, \"epochs\": 3}, \"metrics\": {\"accuracy\": 0.88}}");
        assertThat(cli.run("runs", "log", "-e", "mnist", "--name", "second", "--from-json", json.toString(), "--param", "epochs=5"))
                .as(cli.err()).isZero();
        String second = cli.out().strip();

        assertThat(cli.run("runs", "list", "-e", "mnist", "--filter", "metrics.accuracy > 0.9")).as(cli.err()).isZero();
        assertThat(cli.out()).contains(first).doesNotContain(second).contains("FINISHED").contains("0.93");
        assertThat(cli.run("runs", "show", second)).isZero();
        assertThat(cli.out()).contains("lr = 0.1").contains("epochs = 5").contains("accuracy = 0.88");
        assertThat(cli.run("runs", "show", first)).isZero();
        assertThat(cli.out()).contains("team = vision");
    }

    @Test
    void aMetricThatIsNotANumberIsRefusedBeforeAnythingIsLogged() throws Exception {
        Path json = Files.writeString(dir.resolve("bad.json"), "{\"metrics\": {\"accuracy\": \"high\"}}");

        assertThat(cli.run("runs", "log", "-e", "mnist", "--from-json", json.toString())).isEqualTo(1);

        assertThat(cli.err()).contains("metric 'accuracy' is not a number");
        assertThat(cli.run("experiments", "list")).isZero();
        assertThat(cli.out()).doesNotContain("mnist");
    }
}
