package org.chorus.federated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.chorus.client.federated.FederatedClient;
import org.chorus.federated.secure.testing.Python;
import org.chorus.federated.tensor.Safetensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three Java nodes (the SDK) and two Python nodes (clients/python, as processes) in one federation over TCP gRPC.
 * Python node k adds 0.25·k to every weight on 15·k examples (src/test/python/shift_trainer.py), so each round's
 * aggregate is computed here from the previous one without looking inside the Python processes.
 */
class JavaAndPythonNodesFederateTest {
    @TempDir
    Path dir;

    static final int ROUNDS = 3;
    static final int PYTHON_NODES = 2;

    static float shift(int k) {
        return 0.25f * k;
    }

    static long examples(int k) {
        return 15L * k;
    }

    @Test
    void javaAndPythonNodesTrainTogetherAndGetTheWeightedAverage() throws Exception {
        // Prepare
        Python python = Python.find("grpc", "google.protobuf", "numpy");
        List<Process> processes = new ArrayList<>();
        List<FederatedClient> clients = new ArrayList<>();
        List<FederationOverGrpcTest.Trainer> trainers = new ArrayList<>();
        try (Fixtures f = new Fixtures(dir)) {
            Coordinator coordinator = f.start();
            FederatedServer server = FederatedServer.tcp(coordinator, 0);
            String token = coordinator.createFederation("mixed");
            for (int i = 1; i <= 3; i++) {
                FederationOverGrpcTest.Trainer t = new FederationOverGrpcTest.Trainer(i);
                trainers.add(t);
                clients.add(FederatedClient.builder("localhost", server.port()).federation("mixed", token).nodeName("java-" + i)
                        .property("partition", "java slice " + i).trainer(t).backoff(50, 400).build().start());
            }
            for (int k = 1; k <= PYTHON_NODES; k++) {
                processes.add(python.start(dir.resolve("python-" + k + ".log"), Map.of("CHORUS_JOIN_TOKEN", token), "chorus_fl",
                        List.of("--target", "localhost:" + server.port(), "--federation", "mixed", "--name", "python-" + k,
                                "--trainer", "shift_trainer:make", "--option", "shift=" + shift(k), "--option", "examples=" + examples(k),
                                "--property", "partition=python slice " + k)));
            }
            TaskSpec spec = TaskSpec.builder("mixed", "mixed-demo", Fixtures.BASE, "main").publishTo("org/mixed-demo")
                    .strategy("fedavg", Map.of()).rounds(ROUNDS).clients(5, 5, 1.0).roundTimeoutMs(60_000).evaluateEvery(1).build();

            // Execute
            Coordinator.TaskView done;
            try {
                done = coordinator.await(coordinator.startTask(spec), Duration.ofSeconds(120));
            } finally {
                clients.forEach(FederatedClient::close);
                for (Process p : processes) {
                    Python.stop(p);
                }
                server.close();
                coordinator.close();
            }

            // Assert: every round had all five nodes
            assertThat(done.status()).as("task status; python logs:\n%s", logs()).isEqualTo("completed");
            assertThat(done.rounds()).allSatisfy(r -> assertThat(r.participants()).isEqualTo(5));

            // Assert: each round's global = Σ n·w / Σ n over the Java nodes' recorded outputs and the Python nodes' known shifts
            float[] global = f.initial.values();
            for (long round = 1; round <= ROUNDS; round++) {
                double[] sum = new double[global.length];
                double total = 0;
                for (FederationOverGrpcTest.Trainer t : trainers) {
                    FederationOverGrpcTest.Seen s = t.byRound.get(round);
                    assertThat(s).as("java node %d trained round %d", t.i, round).isNotNull();
                    assertThat(s.in()).containsExactly(global, Offset.offset(1e-6f));
                    for (int j = 0; j < sum.length; j++) {
                        sum[j] += s.examples() * (double) s.out()[j];
                    }
                    total += s.examples();
                }
                for (int k = 1; k <= PYTHON_NODES; k++) {
                    for (int j = 0; j < sum.length; j++) {
                        sum[j] += examples(k) * (double) (global[j] + shift(k));
                    }
                    total += examples(k);
                }
                float[] next = new float[global.length];
                for (int j = 0; j < sum.length; j++) {
                    next[j] = (float) (sum[j] / total);
                }
                global = next;
            }
            float[] published = Safetensors.read(f.hub.read("org/mixed-demo", "main", "model.safetensors")).weights().values();
            assertThat(published).containsExactly(global, Offset.offset(1e-5f));

            // Assert: the Python nodes' evaluations count with their weights, and their registration facts reach the card
            double accuracy = 0;
            double weight = 0;
            for (int i = 1; i <= 3; i++) {
                accuracy += 10 * i * (0.5 + 0.01 * i);
                weight += 10 * i;
            }
            for (int k = 1; k <= PYTHON_NODES; k++) {
                accuracy += examples(k) * (0.7 + shift(k));
                weight += examples(k);
            }
            Map<String, Double> last = f.tracking.runs().values().iterator().next().metrics().get(ROUNDS - 1).metrics();
            assertThat(last.get("eval_accuracy")).isCloseTo(accuracy / weight, within(1e-9));
            String card = new String(f.hub.commits().getLast().files().get("README.md"), StandardCharsets.UTF_8);
            assertThat(card).contains("python slice 1", "python slice 2", "java slice 3");
        }
    }

    private String logs() throws Exception {
        StringBuilder out = new StringBuilder();
        for (int k = 1; k <= PYTHON_NODES; k++) {
            Path log = dir.resolve("python-" + k + ".log");
            out.append("--- python-").append(k).append('\n').append(Files.exists(log) ? Files.readString(log) : "(no log)");
        }
        return out.toString();
    }
}
