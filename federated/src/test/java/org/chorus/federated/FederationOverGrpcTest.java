package org.chorus.federated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.chorus.client.federated.Config;
import org.chorus.client.federated.FederatedClient;
import org.chorus.client.federated.LocalTrainer;
import org.chorus.client.federated.NamedTensor;
import org.chorus.federated.tensor.Safetensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FederationOverGrpcTest {
    @TempDir
    Path dir;

    /** Node i trains deterministically: w' = 0.9·w + i·0.01·(j+1) on 10·i examples, and records what it saw and sent. */
    record Seen(float[] in, float[] out, long examples) {}

    static final class Trainer implements LocalTrainer {
        final int i;
        final Map<Long, Seen> byRound = new ConcurrentHashMap<>();

        Trainer(int i) {
            this.i = i;
        }

        @Override
        public FitResult fit(List<NamedTensor> weights, Config config) {
            float[] in = flat(weights);
            float[] out = new float[in.length];
            List<NamedTensor> next = new ArrayList<>();
            int at = 0;
            for (NamedTensor t : weights) {
                float[] v = new float[t.values().length];
                for (int j = 0; j < v.length; j++, at++) {
                    v[j] = 0.9f * t.values()[j] + i * 0.01f * (at + 1);
                    out[at] = v[j];
                }
                next.add(new NamedTensor(t.name(), t.shape(), v));
            }
            byRound.put(config.getLong("round", -1), new Seen(in, out, 10L * i));
            return new FitResult(next, 10L * i, Map.of("loss", 1.0 / i, "accuracy", 0.1 * i));
        }

        @Override
        public EvaluateResult evaluate(List<NamedTensor> weights, Config config) {
            return new EvaluateResult(10L * i, Map.of("loss", 2.0 * i, "accuracy", 0.5 + 0.01 * i));
        }
    }

    /** Starts node-1…node-n of federation "hospitals", each with its own {@link Trainer} (added to {@code trainers}). */
    static List<FederatedClient> startNodes(int port, String token, int n, List<Trainer> trainers) {
        List<FederatedClient> clients = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            Trainer t = new Trainer(i);
            trainers.add(t);
            clients.add(FederatedClient.builder("localhost", port).federation("hospitals", token).nodeName("node-" + i)
                    .property("partition", "slice " + i).trainer(t).backoff(50, 400).build().start());
        }
        return clients;
    }

    static float[] flat(List<NamedTensor> tensors) {
        int n = tensors.stream().mapToInt(t -> t.values().length).sum();
        float[] out = new float[n];
        int at = 0;
        for (NamedTensor t : tensors) {
            System.arraycopy(t.values(), 0, out, at, t.values().length);
            at += t.values().length;
        }
        return out;
    }

    @Test
    void aTaskMovesToAnotherNodeWhenItsNodeDiesAndResumesFromTheLastCommittedRound() throws Exception {
        try (Fixtures f = new Fixtures(dir)) {
            // 5 s: long enough that node-a, renewing every 1.7 s, keeps its lease on a loaded machine (1.5 s lost it once)
            Coordinator a = f.start(new TaskLease("node-a", Duration.ofSeconds(5)));
            Coordinator b = f.start(new TaskLease("node-b", Duration.ofSeconds(5)));
            FederatedServer server = FederatedServer.tcp(a, 0);
            int port = server.port();
            String token = a.createFederation("hospitals");
            List<FederatedClient> clients = startNodes(port, token, 5, new ArrayList<>());
            TaskSpec spec = TaskSpec.builder("hospitals", "fl-lease", Fixtures.BASE, "main").publishTo("org/fl-lease")
                    .strategy("fedavg", Map.of()).rounds(3).clients(5, 5, 1.0).roundTimeoutMs(30_000).clientSetting("epochs", 1L).build();

            String taskId = a.startTask(spec);
            long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (a.task(taskId).completedRounds() < 1 && System.nanoTime() < until) {
                Thread.sleep(5);
            }
            String ownerWhileAlive = f.db.withHandle(h -> h.createQuery("SELECT lease_owner FROM fl_tasks WHERE id = ?").bind(0, taskId)
                    .mapTo(String.class).one());
            server.close();
            ((DefaultCoordinator) a).halt(); // killed: its lease is not given up, it expires
            FederatedServer again = FederatedServer.tcp(b, port);
            Coordinator.TaskView done = b.await(taskId, Duration.ofSeconds(90));
            clients.forEach(FederatedClient::close);
            again.close();
            b.close();

            assertThat(ownerWhileAlive).as("node b left the task to its lease holder").isEqualTo("node-a");
            assertThat(done.status()).isEqualTo("completed");
            assertThat(done.rounds()).extracting(Coordinator.RoundView::round).as("each round once").containsExactly(1, 2, 3);
            String ownerAfter = f.db.withHandle(h -> h.createQuery("SELECT lease_owner FROM fl_tasks WHERE id = ?").bind(0, taskId)
                    .mapTo(String.class).one());
            assertThat(ownerAfter).isEqualTo("node-b");
        }
    }

    @Test
    void fiveClientsTrainThreeRoundsAcrossACoordinatorRestartAndGetTheWeightedAverage() throws Exception {
        // Prepare
        try (Fixtures f = new Fixtures(dir)) {
            Coordinator first = f.start();
            FederatedServer server = FederatedServer.tcp(first, 0);
            int port = server.port();
            String token = first.createFederation("hospitals");
            List<Trainer> trainers = new ArrayList<>();
            List<FederatedClient> clients = startNodes(port, token, 5, trainers);
            TaskSpec spec = TaskSpec.builder("hospitals", "fl-demo", Fixtures.BASE, "main").publishTo("org/fl-demo")
                    .strategy("fedavg", Map.of()).rounds(3).clients(5, 5, 1.0).roundTimeoutMs(30_000).evaluateEvery(1)
                    .clientSetting("epochs", 1L).build();

            // Execute: run until round 1 is done, restart coordinator and endpoint on the same port, let it finish
            String taskId = first.startTask(spec);
            long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (first.task(taskId).completedRounds() < 1 && first.task(taskId).status().equals("running") && System.nanoTime() < until) {
                Thread.sleep(5);
            }
            int roundsBeforeRestart = first.task(taskId).completedRounds();
            server.close();
            first.close();
            // Keep the endpoint down until some node has noticed, so the restart is always seen by the clients
            // (on a fast machine a restart can otherwise fall between two polls).
            long outage = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (clients.stream().mapToLong(FederatedClient::reconnects).sum() == 0 && System.nanoTime() < outage) {
                Thread.sleep(5);
            }
            Coordinator second = f.start();
            FederatedServer again = FederatedServer.tcp(second, port);
            Coordinator.TaskView done = second.await(taskId, Duration.ofSeconds(90));
            clients.forEach(FederatedClient::close);
            again.close();
            second.close();

            // Assert: the task resumed and completed every round once
            assertThat(roundsBeforeRestart).isBetween(1, 2);
            assertThat(done.status()).isEqualTo("completed");
            assertThat(done.rounds()).extracting(Coordinator.RoundView::round).containsExactly(1, 2, 3);
            assertThat(done.rounds()).allSatisfy(r -> assertThat(r.participants()).isEqualTo(5));
            assertThat(clients.stream().mapToLong(FederatedClient::reconnects).sum()).isPositive();

            // Assert: each round's global = Σ n_i·w_i / Σ n_i of what the trainers returned, computed here in double
            float[] global = f.initial.values();
            for (long round = 1; round <= 3; round++) {
                double[] sum = new double[global.length];
                double total = 0;
                for (Trainer t : trainers) {
                    Seen s = t.byRound.get(round);
                    assertThat(s).as("node %d trained round %d", t.i, round).isNotNull();
                    assertThat(s.in()).as("round %d started from the previous aggregate", round).containsExactly(global, org.assertj.core.data.Offset.offset(1e-6f));
                    for (int j = 0; j < sum.length; j++) {
                        sum[j] += s.examples() * (double) s.out()[j];
                    }
                    total += s.examples();
                }
                float[] expected = new float[global.length];
                for (int j = 0; j < sum.length; j++) {
                    expected[j] = (float) (sum[j] / total);
                }
                global = expected;
            }
            float[] published = Safetensors.read(f.hub.read("org/fl-demo", "main", "model.safetensors")).weights().values();
            assertThat(published).containsExactly(global, org.assertj.core.data.Offset.offset(1e-5f));

            // Assert: one revision per round, with a card that records the lineage, strategy and partitions
            List<InMemoryHub.Commit> commits = f.hub.commits();
            assertThat(commits).extracting(InMemoryHub.Commit::message)
                    .containsExactly("fl-demo: round 1 of 3", "fl-demo: round 2 of 3", "fl-demo: round 3 of 3");
            assertThat(done.rounds()).extracting(Coordinator.RoundView::revision).containsExactly("r1", "r2", "r3");
            String card = new String(commits.get(2).files().get("README.md"), StandardCharsets.UTF_8);
            assertThat(card).contains("base_model: org/base-model", "base_model_relation: finetune", "fedavg", "rounds: 3 of 3", "slice 4");

            // Assert: one tracking run with params and per-round metrics
            assertThat(f.tracking.runs()).hasSize(1);
            InMemoryTracking.Run run = f.tracking.runs().values().iterator().next();
            assertThat(run.status()).isEqualTo("FINISHED");
            assertThat(run.params()).containsEntry("strategy", "fedavg").containsEntry("rounds", "3");
            assertThat(run.metrics()).extracting(InMemoryTracking.Logged::step).containsExactly(1L, 2L, 3L);
            Map<String, Double> last = run.metrics().get(2).metrics();
            // Σ n_i·acc_i / Σ n_i with n_i = 10i, acc_i = 0.5 + 0.01i
            double evalAccuracy = (10 * 0.51 + 20 * 0.52 + 30 * 0.53 + 40 * 0.54 + 50 * 0.55) / 150;
            assertThat(last.get("eval_accuracy")).isCloseTo(evalAccuracy, within(1e-9));
            assertThat(last.get("train_loss")).isCloseTo(5 * 10.0 / 150, within(1e-9)); // Σ 10i·(1/i) / Σ 10i;
            assertThat(last.get("clients")).isEqualTo(5.0);
            assertThat(last.get("bytes_in")).isGreaterThanOrEqualTo(5.0 * Fixtures.LAYOUT.size() * 4);
            assertThat(last.get("bytes_out")).isGreaterThanOrEqualTo(5.0 * Fixtures.LAYOUT.size() * 4);
        }
    }
}
