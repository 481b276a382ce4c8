package org.chorus.federated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.chorus.client.federated.FederatedClient;
import org.chorus.federated.CentralDpOverGrpcTest.Shift;
import org.chorus.federated.secure.dp.RdpAccountant;
import org.chorus.federated.secure.testing.Noise;
import org.chorus.federated.tensor.ModelLayout;
import org.chorus.federated.tensor.Safetensors;
import org.chorus.federated.tensor.TensorSpec;
import org.chorus.federated.tensor.Weights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential privacy under secure aggregation, end to end over gRPC with SDK nodes whose updates are known: the
 * nodes clip (and, for local DP, noise) before masking, the coordinator unmasks only the sum.
 */
class DpWithSecureAggregationOverGrpcTest {
    static final int D = 20_000;
    static final int NODES = 6;
    static final String BIG = "org/big-model";

    @TempDir
    Path dir;

    @Test
    void centralDpAddsNoiseOfTheConfiguredVarianceToTheUnweightedSumOfClippedDeltas() throws Exception {
        // Prepare: 6 nodes, all selected each round (q = 1); nodes 1–5 move the model a little, node 6 by 10 per
        // coordinate; σ = 1, C = 1; a budget between ε(2) and ε(3)
        double sigma = 1.0;
        double clip = 1.0;
        double delta = 1e-5;
        double[] epsilon = CentralDpOverGrpcTest.epsilonAfterRounds(1.0, sigma, delta, 3);
        double budget = (epsilon[2] + epsilon[3]) / 2;
        try (Fixtures f = new Fixtures(dir)) {
            float[] base = bigModel(f);
            List<Shift> trainers = shifts();

            // Execute
            Ran ran = run(f, trainers, TaskSpec.builder("fed", "ddp", BIG, "main").publishTo("org/ddp").rounds(5)
                    .clients(NODES, NODES, 1.0).roundTimeoutMs(30_000).evaluateEvery(0)
                    .secureAggregation(new SecureAggregation("secagg+", clip, 1, 0))
                    .privacy(PrivacySpec.central(sigma, clip, delta, budget)));
            Coordinator.TaskView done = ran.done();

            // Assert: the budget stops the task after exactly two rounds
            assertThat(done.status()).isEqualTo("completed");
            assertThat(done.message()).startsWith("privacy budget reached after 2 rounds");
            assertThat(done.rounds()).extracting(Coordinator.RoundView::round).containsExactly(1, 2);

            // Assert: round 1's residual = aggregate − (base + Σ clip(Δ_i) / 6), unweighted, is N(0, (σC/6)²) per coordinate;
            // the quantization error (≤ n/(2s), s ≈ 2^28) is negligible beside σC/6
            float[] aggregate = Safetensors.read(f.store.load(ran.taskId(), 1).orElseThrow()).weights().tensor("w");
            double[] residual = new double[D];
            double[] expected = CentralDpOverGrpcTest.clippedMean(trainers, clip, NODES);
            for (int j = 0; j < D; j++) {
                residual[j] = aggregate[j] - base[j] - expected[j];
            }
            double sd = sigma * clip / NODES;
            Noise.assertNormal(residual, sd, "node 6 unclipped would shift the mean by ~10/6; only its own clipping bounds it");

            // Assert: ε after each round is the accountant's for q = 1, and the rounds ran under secure aggregation
            InMemoryTracking.Run run = f.tracking.runs().values().iterator().next();
            assertThat(run.metrics()).hasSize(2);
            for (int r = 1; r <= 2; r++) {
                Map<String, Double> m = run.metrics().get(r - 1).metrics();
                assertThat(m.get("dp_epsilon")).as("ε after round %d", r).isCloseTo(epsilon[r], within(1e-9));
                assertThat(m).containsEntry("dp_sampling_rate", 1.0).containsEntry("dp_clip_norm", clip)
                        .containsEntry("secagg_contributors", (double) NODES).containsEntry("clients", (double) NODES)
                        .doesNotContainKey("train_dp_unclipped");
            }
            String card = new String(f.hub.commits().get(1).files().get("README.md"), StandardCharsets.UTF_8);
            assertThat(card).contains("with secure aggregation (secagg+",
                    String.format(Locale.ROOT, "(ε, δ) = (%.4f, 1.0E-5) after 2 rounds", epsilon[2]));
        }
    }

    @Test
    void adaptiveClippingCountsTheMaskedBitsOfTheNodesWithinTheClipNorm() throws Exception {
        // Prepare: on the small model, 2 of 6 nodes move it by 0.001 per coordinate (within C = 1), 4 by 10 (beyond it
        // however C grows); target quantile γ = 0.5, η = 0.2, count noise 0.06
        try (Fixtures f = new Fixtures(dir)) {
            List<Shift> trainers = new ArrayList<>();
            for (int i = 0; i < NODES; i++) {
                float[] delta = new float[Fixtures.LAYOUT.size()];
                java.util.Arrays.fill(delta, i < 2 ? 0.001f : 10f);
                trainers.add(new Shift(delta));
            }
            PrivacySpec dp = PrivacySpec.central(0.1, 1.0, 1e-5, 0).withAdaptiveClipping(new PrivacySpec.Adaptive(0.5, 0.2, 0.06));

            // Execute
            Ran ran = run(f, trainers, TaskSpec.builder("fed", "adaptive", Fixtures.BASE, "main").rounds(3).clients(NODES, NODES, 1.0)
                    .roundTimeoutMs(30_000).evaluateEvery(0).secureAggregation(new SecureAggregation("secagg+", 2.0, 1, 0)).privacy(dp));

            // Assert: C ← C·exp(−η(b̃ − γ)) with b̃ = (2 + N(0, 0.06²)) / 6 ≈ 1/3, so C grows by ≈ e^{0.2/6} a round; a count
            // of 0, 4 or 6 would give e^{0.1}, e^{−0.2/6} or e^{−0.1}
            assertThat(ran.done().status()).isEqualTo("completed");
            List<Double> clip = f.tracking.runs().values().iterator().next().metrics().stream().map(m -> m.metrics().get("dp_clip_norm")).toList();
            assertThat(clip.get(0)).isEqualTo(1.0);
            for (int r = 1; r < 3; r++) {
                // the count noise moves b̃ by 0.01 per standard deviation, C's ratio by 0.2 of that: allow 6 of them
                assertThat(clip.get(r) / clip.get(r - 1)).isCloseTo(Math.exp(0.2 / 6), within(Math.exp(0.2 / 6) * 0.2 * 0.06));
            }
        }
    }

    @Test
    void localDpUnderSecureAggregationCarriesEachNodesNoiseIntoTheMean() throws Exception {
        // Prepare: each node clips to C and adds N(0, (σC)²) per coordinate; all weigh 10, so the mean is the plain
        // average and its noise per coordinate is Σ of n independent (σC)² over n², i.e. (σC)²/n. clipRange 4 = 8
        // noise standard deviations: the quantizer's per-coordinate clip practically never bites
        double sigma = 0.5;
        double clip = 1.0;
        try (Fixtures f = new Fixtures(dir)) {
            float[] base = bigModel(f);
            List<Shift> trainers = shifts();

            // Execute
            Ran ran = run(f, trainers, TaskSpec.builder("fed", "ldp", BIG, "main").rounds(1)
                    .clients(NODES, NODES, 1.0).roundTimeoutMs(30_000).evaluateEvery(0)
                    .secureAggregation(new SecureAggregation("secagg", 4.0, 100, 0))
                    .privacy(PrivacySpec.local(sigma, clip, 1e-5, 0)));
            Coordinator.TaskView done = ran.done();

            // Assert
            assertThat(done.status()).isEqualTo("completed");
            float[] aggregate = Safetensors.read(f.store.load(ran.taskId(), 1).orElseThrow()).weights().tensor("w");
            double[] expected = CentralDpOverGrpcTest.clippedMean(trainers, clip, NODES);
            double[] residual = new double[D];
            for (int j = 0; j < D; j++) {
                residual[j] = aggregate[j] - base[j] - expected[j];
            }
            Noise.assertNormal(residual, sigma * clip / Math.sqrt(NODES), "node 6 unclipped would shift the mean by ~10/6");
            Map<String, Double> m = f.tracking.runs().values().iterator().next().metrics().get(0).metrics();
            double epsilon = RdpAccountant.create().composeSubsampledGaussian(1.0, sigma, 1).epsilon(1e-5).epsilon();
            assertThat(m.get("dp_epsilon")).isCloseTo(epsilon, within(1e-9));
            assertThat(m).containsEntry("dp_sampling_rate", 1.0).containsEntry("secagg_contributors", (double) NODES);
        }
    }

    static float[] bigModel(Fixtures f) {
        float[] base = new float[D];
        for (int j = 0; j < D; j++) {
            base[j] = 0.5f - (j % 11) * 0.05f;
        }
        f.hub.put(BIG, "main", "model.safetensors", Safetensors.write(
                new Weights(ModelLayout.of(List.of(new TensorSpec("w", new long[] {D}))), base), Map.of()));
        return base;
    }

    /** Nodes 1–5 shift by 0.001·i·((j mod 7) − 3), norm about 0.28·i; node 6 by 10 per coordinate, norm about 1,400. */
    private static List<Shift> shifts() {
        List<Shift> trainers = new ArrayList<>();
        for (int i = 1; i <= NODES; i++) {
            float[] delta = new float[D];
            for (int j = 0; j < D; j++) {
                delta[j] = i == NODES ? 10f : 0.001f * i * ((j % 7) - 3);
            }
            trainers.add(new Shift(delta));
        }
        return trainers;
    }

    record Ran(String taskId, Coordinator.TaskView done) {}

    private static Ran run(Fixtures f, List<Shift> trainers, TaskSpec.Builder spec) throws Exception {
        try (Coordinator c = f.start(); FederatedServer server = FederatedServer.tcp(c, 0)) {
            String token = c.createFederation("fed");
            List<FederatedClient> clients = CentralDpOverGrpcTest.nodes(server, token, trainers);
            CentralDpOverGrpcTest.awaitNodes(c, NODES);
            String taskId = c.startTask(spec.build());
            Coordinator.TaskView done = c.await(taskId, Duration.ofSeconds(120));
            clients.forEach(FederatedClient::close);
            return new Ran(taskId, done);
        }
    }
}
