package org.chorus.federated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.chorus.client.federated.FederatedClient;
import org.chorus.federated.FederationOverGrpcTest.Seen;
import org.chorus.federated.FederationOverGrpcTest.Trainer;
import org.chorus.federated.tensor.Safetensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three Java nodes (the SDK) and two Python nodes (clients/python, as processes) in one federation over TCP gRPC:
 * in the clear, under secure aggregation, and across a coordinator restart. Python node k adds 0.25·k to every
 * weight on 15·k examples (src/test/python/shift_trainer.py), so each round's aggregate is computed here from the
 * previous one without looking inside the Python processes.
 */
class JavaAndPythonNodesFederateTest {
    @TempDir
    Path dir;

    static final int ROUNDS = 3;
    static final int JAVA_NODES = 3;
    static final int PYTHON_NODES = 2;
    static final double CLIP_RANGE = 1.0;
    static final double MAX_WEIGHT = 100;

    static float shift(int k) {
        return 0.25f * k;
    }

    static long examples(int k) {
        return 15L * k;
    }

    @Test
    void javaAndPythonNodesTrainTogetherAndGetTheWeightedAverage() throws Exception {
        try (Fixtures f = new Fixtures(dir); Mixed mixed = new Mixed(f)) {
            // Execute
            Coordinator.TaskView done = mixed.run(null);

            // Assert: the aggregate, then the Python nodes' evaluations and registration facts
            assertEveryRoundIsTheWeightedAverage(f, done, mixed.trainers, 1e-5);
            double accuracy = 0;
            double weight = 0;
            for (int i = 1; i <= JAVA_NODES; i++) {
                accuracy += 10 * i * (0.5 + 0.01 * i);
                weight += 10 * i;
            }
            for (int k = 1; k <= PYTHON_NODES; k++) {
                accuracy += examples(k) * (0.7 + shift(k));
                weight += examples(k);
            }
            assertThat(lastMetrics(f).get("eval_accuracy")).isCloseTo(accuracy / weight, within(1e-9));
            String card = new String(f.hub.commits().getLast().files().get("README.md"), StandardCharsets.UTF_8);
            assertThat(card).contains("python slice 1", "python slice 2", "java slice 3");
            // and a live node answers SIGUSR1 with its threads' stacks, in its log
            assertThat(mixed.python.logsWithStacks()).contains("(most recent call first)", "chorus_fl/client.py");
        }
    }

    @Test
    void underSecureAggregationJavaAndPythonNodesGetTheWeightedAverage() throws Exception {
        try (Fixtures f = new Fixtures(dir); Mixed mixed = new Mixed(f)) {
            // Execute
            Coordinator.TaskView done = mixed.run(new SecureAggregation("secagg+", CLIP_RANGE, MAX_WEIGHT, 0));

            // Assert: within the documented quantization bound — each of n nodes rounds w·clip(Δ) to half a unit
            // W/s, s = (2^(b−1) − 1)/R, b = 29 for 5 nodes — plus float rounding, over the three rounds
            int nodes = JAVA_NODES + PYTHON_NODES;
            double totalWeight = 10 * (1 + 2 + 3) + examples(1) + examples(2);
            double quantization = nodes * 0.5 * MAX_WEIGHT / ((Math.pow(2, 28) - 1) / CLIP_RANGE) / totalWeight;
            assertEveryRoundIsTheWeightedAverage(f, done, mixed.trainers, ROUNDS * quantization + 1e-5);
            assertThat(lastMetrics(f)).containsEntry("secagg_contributors", (double) nodes).containsEntry("secagg_dropped_stage_3", 0.0);
        }
    }

    @Test
    void pythonNodesBackOffAndReturnWhenTheCoordinatorRestarts() throws Exception {
        try (Fixtures f = new Fixtures(dir); Mixed mixed = new Mixed(f)) {
            // Execute: after round 1, keep the endpoint down until both Python nodes have backed off, then restart it
            String taskId = mixed.coordinator.startTask(mixed.spec(null));
            long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (mixed.coordinator.task(taskId).completedRounds() < 1 && System.nanoTime() < until) {
                Thread.sleep(5);
            }
            int roundsBeforeRestart = mixed.coordinator.task(taskId).completedRounds();
            mixed.stopCoordinator();
            long outage = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!mixed.python.everyLogContains("backing off") && System.nanoTime() < outage) {
                Thread.sleep(5);
            }
            mixed.startCoordinator();
            Coordinator.TaskView done = mixed.coordinator.await(taskId, Duration.ofSeconds(120));

            // Assert: both Python nodes lost the coordinator (UNAVAILABLE, or CANCELLED for a call in flight), came
            // back, and the task finished every round with them
            assertThat(roundsBeforeRestart).isBetween(1, ROUNDS - 1);
            assertThat(mixed.python.everyLogContains("; backing off")).as(() -> "python logs:\n" + mixed.python.logsWithStacks()).isTrue();
            assertThat(done.status()).as("python logs:\n%s", mixed.python.logs()).isEqualTo("completed");
            assertEveryRoundIsTheWeightedAverage(f, done, mixed.trainers, 1e-5);
        }
    }

    /** Three Java and two Python nodes around a coordinator on one TCP port, which can be stopped and started again. */
    private final class Mixed implements AutoCloseable {
        final Fixtures f;
        final List<Trainer> trainers = new ArrayList<>();
        final List<FederatedClient> clients = new ArrayList<>();
        final PythonNodes python;
        Coordinator coordinator;
        FederatedServer server;
        final int port;

        Mixed(Fixtures f) throws Exception {
            python = new PythonNodes(dir);
            this.f = f;
            coordinator = f.start();
            server = FederatedServer.tcp(coordinator, 0);
            port = server.port();
            String token = coordinator.createFederation("mixed");
            for (int i = 1; i <= JAVA_NODES; i++) {
                Trainer t = new Trainer(i);
                trainers.add(t);
                clients.add(FederatedClient.builder("localhost", port).federation("mixed", token).nodeName("java-" + i)
                        .property("partition", "java slice " + i).trainer(t).backoff(50, 400).build().start());
            }
            for (int k = 1; k <= PYTHON_NODES; k++) {
                python.start(port, "mixed", token, "python-" + k, shift(k), examples(k), "partition=python slice " + k);
            }
        }

        TaskSpec spec(SecureAggregation secure) {
            return TaskSpec.builder("mixed", "mixed-demo", Fixtures.BASE, "main").publishTo("org/mixed-demo")
                    .strategy("fedavg", Map.of()).rounds(ROUNDS).clients(5, 5, 1.0).roundTimeoutMs(60_000).evaluateEvery(1)
                    .secureAggregation(secure).build();
        }

        /** Runs a task to its end; {@code secure} null means in the clear. */
        Coordinator.TaskView run(SecureAggregation secure) throws Exception {
            Coordinator.TaskView done = coordinator.await(coordinator.startTask(spec(secure)), Duration.ofSeconds(120));
            assertThat(done.status()).as("task status; python logs:\n%s", python.logs()).isEqualTo("completed");
            return done;
        }

        void stopCoordinator() {
            server.close();
            coordinator.close();
        }

        void startCoordinator() throws Exception {
            coordinator = f.start();
            server = FederatedServer.tcp(coordinator, port);
        }

        @Override
        public void close() {
            clients.forEach(FederatedClient::close);
            try {
                python.close();
            } finally {
                stopCoordinator();
            }
        }
    }

    /**
     * Every round had all five nodes, and global_r = global_{r−1} + Σ n·Δ / Σ n with the Java nodes' recorded
     * updates and the Python nodes' known shifts (Δ as the Python node computes it in float32), in double.
     */
    private static void assertEveryRoundIsTheWeightedAverage(Fixtures f, Coordinator.TaskView done, List<Trainer> trainers, double tolerance) {
        assertThat(done.rounds()).extracting(Coordinator.RoundView::round).containsExactly(1, 2, 3);
        assertThat(done.rounds()).allSatisfy(r -> assertThat(r.participants()).isEqualTo(5));
        float[] global = f.initial.values();
        for (long round = 1; round <= ROUNDS; round++) {
            double[] sum = new double[global.length];
            double total = 0;
            for (Trainer t : trainers) {
                Seen s = t.byRound.get(round);
                assertThat(s).as("java node %d trained round %d", t.i, round).isNotNull();
                assertThat(s.in()).containsExactly(global, Offset.offset((float) tolerance));
                for (int j = 0; j < sum.length; j++) {
                    sum[j] += s.examples() * ((double) s.out()[j] - s.in()[j]);
                }
                total += s.examples();
            }
            for (int k = 1; k <= PYTHON_NODES; k++) {
                for (int j = 0; j < sum.length; j++) {
                    sum[j] += examples(k) * (double) ((global[j] + shift(k)) - global[j]);
                }
                total += examples(k);
            }
            float[] next = new float[global.length];
            for (int j = 0; j < sum.length; j++) {
                next[j] = (float) (global[j] + sum[j] / total);
            }
            global = next;
        }
        float[] published = Safetensors.read(f.hub.read("org/mixed-demo", "main", "model.safetensors")).weights().values();
        assertThat(published).containsExactly(global, Offset.offset((float) tolerance));
    }

    private static Map<String, Double> lastMetrics(Fixtures f) {
        return f.tracking.runs().values().iterator().next().metrics().get(ROUNDS - 1).metrics();
    }
}
