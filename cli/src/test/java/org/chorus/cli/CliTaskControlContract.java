package org.chorus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.chorus.client.federated.FederatedClient;
import org.chorus.federated.sim.Simulation;
import org.chorus.federated.tensor.Safetensors;
import org.chorus.server.ServerFixture;
import org.chorus.server.fl.AddTrainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fl tasks pause, resume and stop typed against one server while another, on the same database, runs the task (its
 * nodes connect there): the round loop reads the task's row between rounds, so no signal has to reach its process.
 * Real nodes over gRPC train each round ({@link AddTrainer}); with the waits that show a held loop, ~20 s a database.
 */
abstract class CliTaskControlContract {
    private static final Pattern SHOWN = Pattern.compile("task \\S+  \\S+  (\\w+), (\\d+) rounds done");
    /** Long enough for several rounds of these nodes if nothing held them (a round takes about a second). */
    private static final long SEVERAL_ROUNDS_MS = 5_000;

    @TempDir
    Path dir;
    ServerFixture running;
    ServerFixture other;
    ServerCli atRunning;
    ServerCli atOther;
    final List<FederatedClient> nodes = new ArrayList<>();

    /** The database both servers use; null means SQLite in their shared data directory. */
    abstract String database();

    @BeforeEach
    void start() {
        String db = database();
        running = ServerFixture.node(dir.resolve("data"), db);
        other = ServerFixture.node(dir.resolve("data"), db);
        atRunning = new ServerCli(dir.resolve("home"), running);
        atOther = new ServerCli(dir.resolve("home"), other);
    }

    @AfterEach
    void stop() {
        nodes.forEach(FederatedClient::close);
        running.close();
        other.close();
    }

    /** Status and completed rounds, as fl tasks show prints them on the other server. */
    private record Shown(String status, int rounds) {}

    private Shown show(String id) {
        Matcher m = SHOWN.matcher(atOther.ok("fl", "tasks", "show", id));
        assertThat(m.find()).isTrue();
        return new Shown(m.group(1), Integer.parseInt(m.group(2)));
    }

    private Shown awaitShown(String id, java.util.function.Predicate<Shown> until) throws InterruptedException {
        long end = System.nanoTime() + 120_000_000_000L;
        Shown s = show(id);
        while (!until.test(s) && System.nanoTime() < end) {
            Thread.sleep(200);
            s = show(id);
        }
        return s;
    }

    private String task(String name, int rounds) {
        return atRunning.ok("fl", "tasks", "create", "--federation", "labs", "--name", name, "--base-repo", "admin/fl-base",
                "--publish-repo", "admin/fl-out", "--rounds", Integer.toString(rounds), "--clients-per-round", "2").strip();
    }

    @Test
    void aTaskRunningElsewhereHoldsWhenPausedGoesOnWhenResumedAndEndsWhenStopped() throws Exception {
        Path base = Files.createDirectories(dir.resolve("base"));
        Files.write(base.resolve("model.safetensors"), Safetensors.write(Simulation.softmax().initialModel(1), Map.of()));
        atRunning.ok("upload", "admin/fl-base", base.toString(), "--create");
        atRunning.ok("repo", "create", "admin/fl-out");
        String join = atRunning.ok("fl", "federations", "create", "labs").strip();

        // paused through the other server before any node is there: it holds before round 1 or after it
        String id = task("held", 3);
        assertThat(atOther.ok("fl", "tasks", "pause", id)).contains("  held  paused, ");
        for (int i = 0; i < 2; i++) {
            nodes.add(FederatedClient.builder("127.0.0.1", running.federatedPort()).federation("labs", join).nodeName("node-" + i)
                    .trainer(new AddTrainer(1)).backoff(20, 200).build().start());
        }
        Thread.sleep(SEVERAL_ROUNDS_MS);
        Shown held = show(id);
        assertThat(held.status()).isEqualTo("paused");
        assertThat(held.rounds()).isLessThanOrEqualTo(1);
        assertThat(atOther.run("fl", "tasks", "pause", id)).isEqualTo(1);
        assertThat(atOther.err()).contains("task " + id + " is paused, not running");

        assertThat(atOther.ok("fl", "tasks", "resume", id)).contains("  held  running, " + held.rounds() + " rounds done");
        Shown done = awaitShown(id, s -> !s.status().equals("running"));
        assertThat(done).isEqualTo(new Shown("completed", 3));
        assertThat(atOther.run("fl", "tasks", "resume", id)).isEqualTo(1);
        assertThat(atOther.err()).contains("task " + id + " is completed, not paused");

        // stopped through the other server while it runs: the loop on the running server ends after the round under way
        String endless = task("endless", 1000);
        Shown started = awaitShown(endless, s -> s.rounds() >= 1);
        Matcher stopped = SHOWN.matcher(atOther.ok("fl", "tasks", "stop", endless));
        assertThat(stopped.find()).isTrue();
        assertThat(stopped.group(1)).isEqualTo("cancelled");
        int atStop = Integer.parseInt(stopped.group(2));
        assertThat(atStop).isGreaterThanOrEqualTo(started.rounds());
        Thread.sleep(SEVERAL_ROUNDS_MS);
        Shown after = show(endless);
        assertThat(after.status()).isEqualTo("cancelled");
        assertThat(after.rounds()).as("rounds after the stop").isLessThanOrEqualTo(atStop + 1);
    }
}
