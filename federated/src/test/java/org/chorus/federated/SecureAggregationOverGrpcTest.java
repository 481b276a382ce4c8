package org.chorus.federated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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

class SecureAggregationOverGrpcTest {
    @TempDir
    Path dir;

    @Test
    void fiveJavaClientsTrainThreeSecAggPlusRoundsAndGetTheWeightedAverage() throws Exception {
        // Prepare: the same deterministic trainers as the plain test; weights 10·i stay below maxWeight 100
        try (Fixtures f = new Fixtures(dir); Coordinator coordinator = f.start(); FederatedServer server = FederatedServer.tcp(coordinator, 0)) {
            String token = coordinator.createFederation("hospitals");
            List<Trainer> trainers = new ArrayList<>();
            List<FederatedClient> clients = FederationOverGrpcTest.startNodes(server.port(), token, 5, trainers);
            TaskSpec spec = TaskSpec.builder("hospitals", "secure-demo", Fixtures.BASE, "main").publishTo("org/secure-demo")
                    .strategy("fedavg", Map.of()).rounds(3).clients(5, 5, 1.0).roundTimeoutMs(20_000).evaluateEvery(0)
                    .secureAggregation(new SecureAggregation("secagg+", 1.0, 100, 0)).build();

            // Execute
            String taskId = coordinator.startTask(spec);
            Coordinator.TaskView done = coordinator.await(taskId, Duration.ofSeconds(90));
            clients.forEach(FederatedClient::close);

            // Assert: every round completed with all five, nobody dropped or was rejected
            assertThat(done.status()).isEqualTo("completed");
            assertThat(done.rounds()).extracting(Coordinator.RoundView::participants).containsExactly(5, 5, 5);
            assertThat(clients).allSatisfy(c -> assertThat(c.rejected()).isZero());

            // Assert: global_r = global_{r-1} + Σ n_i·(out_i − in_i) / Σ n_i, computed here in double; the quantization
            // error bound n·W/(2s) with s = (2^28 − 1)/R is below 1e-6, so float rounding dominates the tolerance
            float[] global = f.initial.values();
            for (long round = 1; round <= 3; round++) {
                double[] sum = new double[global.length];
                double total = 0;
                for (Trainer t : trainers) {
                    Seen s = t.byRound.get(round);
                    assertThat(s.in()).as("round %d started from the previous aggregate", round).containsExactly(global, Offset.offset(1e-5f));
                    for (int j = 0; j < sum.length; j++) {
                        sum[j] += s.examples() * ((double) s.out()[j] - s.in()[j]);
                    }
                    total += s.examples();
                }
                float[] expected = new float[global.length];
                for (int j = 0; j < sum.length; j++) {
                    expected[j] = (float) (global[j] + sum[j] / total);
                }
                global = expected;
            }
            float[] published = Safetensors.read(f.hub.read("org/secure-demo", "main", "model.safetensors")).weights().values();
            assertThat(published).containsExactly(global, Offset.offset(1e-5f));

            // Assert: the round's metrics say how the protocol went
            Map<String, Double> last = f.tracking.runs().values().iterator().next().metrics().get(2).metrics();
            assertThat(last).containsEntry("clients", 5.0).containsEntry("secagg_contributors", 5.0).containsEntry("secagg_groups", 1.0)
                    .containsEntry("secagg_dropped_stage_0", 0.0).containsEntry("secagg_dropped_stage_3", 0.0);
            assertThat(last.get("train_loss")).isCloseTo(5 * 10.0 / 150, within(1e-9)); // Σ 10i·(1/i) / Σ 10i
            assertThat(last.get("secagg_bytes_in")).isGreaterThan(5.0 * 4 * (Fixtures.LAYOUT.size() + 1));
        }
    }
}
