package org.chorus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** experiments create, list, delete and runs log on a fresh server: the README tour's tracking section. */
class CliExperimentsCommandsTest extends ServerCliTest {
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

    @Test
    void listsAndShowsPrintJsonWithTheDocumentedFieldNames() throws Exception {
        ObjectMapper json = new ObjectMapper();
        ok("experiments", "create", "mnist");
        String run = ok("runs", "log", "-e", "mnist", "--param", "lr=0.1", "--metric", "accuracy=0.9").strip();

        JsonNode experiments = json.readTree(ok("experiments", "list", "--json"));
        assertThat(experiments.findValuesAsText("name")).contains("mnist");
        assertThat(experiments.get(0).has("lifecycleStage")).isTrue();
        JsonNode runs = json.readTree(ok("runs", "list", "-e", "mnist", "--json"));
        assertThat(runs).hasSize(1);
        assertThat(runs.get(0).path("id").asText()).isEqualTo(run);
        assertThat(runs.get(0).path("params").path("lr").asText()).isEqualTo("0.1");
        assertThat(runs.get(0).path("metrics").path("accuracy").asDouble()).isEqualTo(0.9);
        JsonNode shown = json.readTree(ok("runs", "show", run, "--json"));
        assertThat(shown.path("experimentId").asText()).isEqualTo(runs.get(0).path("experimentId").asText()).isNotEmpty();
        JsonNode users = json.readTree(ok("users", "list", "--json"));
        assertThat(users.get(0).path("name").asText()).isEqualTo("admin");
        assertThat(users.get(0).path("siteAdmin").asBoolean()).isTrue();
    }
}
