package org.chorus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.chorus.federated.sim.Simulation;
import org.chorus.federated.tensor.Safetensors;
import org.junit.jupiter.api.Test;

/** fl federations, fl tasks and fl nodes as a site admin types them (the demo's finished task is in CliTourTest). */
class CliFederatedCommandsTest extends ServerCliTest {
    @Test
    void aTaskWithoutNodesIsListedShownAndStoppedForGood() throws Exception {
        Path base = Files.createDirectories(dir.resolve("base"));
        Files.write(base.resolve("model.safetensors"), Safetensors.write(Simulation.softmax().initialModel(1), Map.of()));
        ok("upload", "admin/fl-base", base.toString(), "--create");
        String token = ok("fl", "federations", "create", "hospitals").strip();
        assertThat(token).startsWith("hf_").doesNotContain("\n");
        assertThat(cli.err()).contains("it is not shown again");

        String id = ok("fl", "tasks", "create", "--federation", "hospitals", "--name", "waiting", "--base-repo", "admin/fl-base",
                "--rounds", "2", "--clients-per-round", "2", "--set", "epochs=1", "--set", "lr=0.05").strip();

        assertThat(ok("fl", "tasks", "list")).containsPattern("(?m)^" + id + " +waiting +running +0 ");
        assertThat(ok("fl", "federations", "list")).containsPattern("(?m)^hospitals +0 +1 ");
        assertThat(ok("fl", "nodes", "hospitals")).isEqualTo("NODE  ID  CONNECTED  REGISTERED\n");
        assertThat(ok("fl", "tasks", "stop", id)).contains("task " + id + "  waiting  cancelled, 0 rounds done");
        assertThat(ok("fl", "tasks", "show", id)).contains("cancelled");
        JsonNode shown = new ObjectMapper().readTree(ok("fl", "tasks", "show", id, "--json"));
        assertThat(shown.path("status").asText()).isEqualTo("cancelled");
        assertThat(shown.path("completedRounds").asInt()).isZero();
        assertThat(shown.path("rounds").isArray()).isTrue();
        assertThat(new ObjectMapper().readTree(ok("fl", "tasks", "list", "--json")).findValuesAsText("id")).containsExactly(id);

        assertThat(cli.run("fl", "tasks", "stop", id)).isEqualTo(1);
        assertThat(cli.err()).contains("task " + id + " is cancelled, not running");
        assertThat(cli.run("fl", "federations", "create", "hospitals")).isEqualTo(1);
        assertThat(cli.err()).contains("federation hospitals already exists");
        assertThat(cli.run("fl", "tasks", "create", "--name", "x", "--base-repo", "admin/fl-base")).isEqualTo(1);
        assertThat(cli.err()).contains("a task needs --federation (or \"federation\" in --spec)");
        Path spec = Files.writeString(dir.resolve("task.json"),
                "{\"federation\": \"hospitals\", \"name\": \"from-spec\", \"baseRepo\": \"admin/fl-base\", \"rounds\": 1}");
        String fromSpec = ok("fl", "tasks", "create", "--spec", spec.toString(), "--name", "named-here").strip();
        assertThat(ok("fl", "tasks", "list")).containsPattern("(?m)^" + fromSpec + " +named-here +running ");
        ok("fl", "tasks", "stop", fromSpec);
        assertThat(cli.run("fl", "nodes", "clinics")).isEqualTo(1);
        assertThat(cli.err()).contains("no such federation");
    }

    @Test
    void aTaskThatCouldNotPublishIsRefusedBeforeItStarts() throws Exception {
        ok("repo", "create", "admin/fl-base");
        ok("fl", "federations", "create", "labs");
        String readOnly = ok("tokens", "create", "reader", "--role", "read").strip();
        String[] task = {"fl", "tasks", "create", "--federation", "labs", "--name", "t", "--base-repo", "admin/fl-base", "--publish-repo"};

        assertThat(cli.run(concat(task, "admin/nowhere"))).isEqualTo(1);
        assertThat(cli.err()).contains("repository admin/nowhere not found");
        CliHarness reader = new CliHarness(dir.resolve("reader"), Map.of("CHORUS_TOKEN", readOnly));
        assertThat(reader.runAt(server.url(), "", concat(task, "admin/fl-base"))).isEqualTo(1);
        assertThat(reader.err()).contains("read-only").contains("write token");

        assertThat(ok("fl", "tasks", "list").lines()).as("no task was made").hasSize(1);
        assertThat(ok(concat(task, "admin/fl-base")).strip()).as("a writable repository is taken").matches("[0-9a-f]{24}");
    }

    private static String[] concat(String[] head, String last) {
        String[] all = java.util.Arrays.copyOf(head, head.length + 1);
        all[head.length] = last;
        return all;
    }
}
