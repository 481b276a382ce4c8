package org.chorus.federated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.chorus.client.federated.Config;
import org.chorus.client.federated.FederatedClient;
import org.chorus.client.federated.LocalTrainer;
import org.chorus.client.federated.NamedTensor;
import org.chorus.federated.secure.dp.RdpAccountant;
import org.chorus.federated.secure.testing.Noise;
import org.chorus.federated.tensor.ModelLayout;
import org.chorus.federated.tensor.Safetensors;
import org.chorus.federated.tensor.TensorSpec;
import org.chorus.federated.tensor.Weights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CentralDpOverGrpcTest {
    static final int D = 20_000;
    static final String BIG = "org/big-model";

    @TempDir
    Path dir;

    /** Σ clip(Δ_i, C) / n, unweighted, in double. */
    static double[] clippedMean(List<Shift> trainers, double clip, int n) {
        double[] expected = new double[trainers.get(0).delta().length];
        for (Shift t : trainers) {
            double norm = 0;
            for (float v : t.delta()) {
                norm += (double) v * v;
            }
            double scale = Math.min(1, clip / Math.sqrt(norm));
            for (int j = 0; j < expected.length; j++) {
                expected[j] += t.delta()[j] * scale / n;
            }
        }
        return expected;
    }

    /** ε after each round 1..rounds (indexed by round) of q-subsampled Gaussian noise σ, as RdpAccountant composes it. */
    static double[] epsilonAfterRounds(double q, double sigma, double delta, int rounds) {
        double[] epsilon = new double[rounds + 1];
        for (int r = 1; r <= rounds; r++) {
            epsilon[r] = RdpAccountant.create().composeSubsampledGaussian(q, sigma, r).epsilon(delta).epsilon();
        }
        return epsilon;
    }

    /** Adds a fixed Δ (over the tensors laid end to end) to whatever it receives, so the test knows every update exactly. */
    record Shift(float[] delta) implements LocalTrainer {
        @Override
        public FitResult fit(List<NamedTensor> weights, Config config) {
            List<NamedTensor> out = new ArrayList<>();
            int at = 0;
            for (NamedTensor t : weights) {
                float[] v = t.values().clone();
                for (int j = 0; j < v.length; j++) {
                    v[j] += delta[at++];
                }
                out.add(new NamedTensor(t.name(), t.shape(), v));
            }
            return new FitResult(out, 10, Map.of("loss", 1.0));
        }

        @Override
        public EvaluateResult evaluate(List<NamedTensor> weights, Config config) {
            return new EvaluateResult(10, Map.of());
        }
    }

    static List<FederatedClient> nodes(FederatedServer server, String token, List<? extends LocalTrainer> trainers) {
        List<FederatedClient> out = new ArrayList<>();
        for (int i = 0; i < trainers.size(); i++) {
            out.add(FederatedClient.builder("localhost", server.port()).federation("fed", token).nodeName("node-" + i)
                    .trainer(trainers.get(i)).backoff(50, 400).build().start());
        }
        return out;
    }

    static void awaitNodes(Coordinator c, int n) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (c.connectedNodes() < n && System.nanoTime() < until) {
            Thread.sleep(5);
        }
    }

    @Test
    void theAggregateIsTheClippedMeanPlusGaussianNoiseOfTheConfiguredVariance() throws Exception {
        // Prepare: a 20,000-coordinate model; clients 1–3 move it a little, client 4 by 10 per coordinate
        try (Fixtures f = new Fixtures(dir)) {
            float[] base = new float[D];
            for (int j = 0; j < D; j++) {
                base[j] = 0.5f - (j % 11) * 0.05f;
            }
            f.hub.put(BIG, "main", "model.safetensors", Safetensors.write(
                    new Weights(ModelLayout.of(List.of(new TensorSpec("w", new long[] {D}))), base), Map.of()));
            List<Shift> trainers = new ArrayList<>();
            for (int i = 1; i <= 4; i++) {
                float[] delta = new float[D];
                for (int j = 0; j < D; j++) {
                    delta[j] = i == 4 ? 10f : 0.001f * i * ((j % 7) - 3);
                }
                trainers.add(new Shift(delta));
            }
            double sigma = 1.0;
            double clip = 1.0;
            Coordinator c = f.start();
            FederatedServer server = FederatedServer.tcp(c, 0);
            String token = c.createFederation("fed");
            List<FederatedClient> clients = nodes(server, token, trainers);
            awaitNodes(c, 4);

            // Execute
            String taskId = c.startTask(TaskSpec.builder("fed", "dp", BIG, "main").rounds(1).clients(4, 4, 1.0)
                    .roundTimeoutMs(30_000).evaluateEvery(0).privacy(PrivacySpec.central(sigma, clip, 1e-5, 0)).build());
            Coordinator.TaskView done = c.await(taskId, Duration.ofSeconds(60));
            clients.forEach(FederatedClient::close);
            server.close();
            c.close();

            // Assert: residual = aggregate − (base + Σ clip(Δ_i) / 4) is N(0, (σC/4)²) per coordinate
            assertThat(done.status()).isEqualTo("completed");
            float[] aggregate = Safetensors.read(f.store.load(taskId, 1).orElseThrow()).weights().tensor("w");
            double[] expected = clippedMean(trainers, clip, 4);
            double[] residual = new double[D];
            for (int j = 0; j < D; j++) {
                residual[j] = aggregate[j] - base[j] - expected[j];
            }
            Noise.assertNormal(residual, sigma * clip / 4, "unclipped, client 4 alone would shift the mean by ~2.5");

            // Assert: one round with q = 4/4 is accounted as the library's accountant says
            Map<String, Double> logged = f.tracking.runs().values().iterator().next().metrics().get(0).metrics();
            double epsilon = RdpAccountant.create().composeSubsampledGaussian(1.0, sigma, 1).epsilon(1e-5).epsilon();
            assertThat(logged.get("dp_epsilon")).isCloseTo(epsilon, within(1e-9));
            assertThat(logged).containsEntry("dp_delta", 1e-5).containsEntry("dp_noise_multiplier", sigma).containsEntry("dp_clip_norm", clip)
                    .containsEntry("clients", 4.0);
        }
    }

    @Test
    void theTaskStopsWhenOneMoreRoundWouldExceedTheBudgetAndEveryRoundReportsEpsilon() throws Exception {
        // Prepare: 4 nodes, 2 per round (q = 1/2), σ = 1, δ = 1e-5, a budget between the ε of 3 and of 4 rounds
        double q = 0.5;
        double sigma = 1.0;
        double delta = 1e-5;
        double[] epsilon = epsilonAfterRounds(q, sigma, delta, 5);
        double budget = (epsilon[3] + epsilon[4]) / 2;
        try (Fixtures f = new Fixtures(dir)) {
            Coordinator c = f.start();
            FederatedServer server = FederatedServer.tcp(c, 0);
            String token = c.createFederation("fed");
            List<FederationOverGrpcTest.Trainer> trainers = new ArrayList<>();
            for (int i = 1; i <= 4; i++) {
                trainers.add(new FederationOverGrpcTest.Trainer(i));
            }
            List<FederatedClient> clients = nodes(server, token, trainers);
            awaitNodes(c, 4);

            // Execute
            String taskId = c.startTask(TaskSpec.builder("fed", "budget", Fixtures.BASE, "main").publishTo("org/dp").rounds(10)
                    .clients(2, 2, 1.0).roundTimeoutMs(30_000).evaluateEvery(0)
                    .privacy(PrivacySpec.central(sigma, 0.5, delta, budget)).build());
            Coordinator.TaskView done = c.await(taskId, Duration.ofSeconds(60));
            clients.forEach(FederatedClient::close);
            server.close();
            c.close();

            // Assert: three rounds, then a completed task that says why it stopped
            assertThat(done.status()).isEqualTo("completed");
            assertThat(done.message()).startsWith("privacy budget reached after 3 rounds");
            assertThat(done.rounds()).extracting(Coordinator.RoundView::round).containsExactly(1, 2, 3);
            InMemoryTracking.Run run = f.tracking.runs().values().iterator().next();
            assertThat(run.status()).isEqualTo("FINISHED");
            assertThat(run.params()).containsEntry("privacy.mode", "central").containsEntry("privacy.noise_multiplier", "1.0")
                    .containsEntry("privacy.epsilon_budget", Double.toString(budget));
            assertThat(run.metrics()).hasSize(3);
            for (int r = 1; r <= 3; r++) {
                Map<String, Double> m = run.metrics().get(r - 1).metrics();
                assertThat(m.get("dp_epsilon")).as("ε after round %d", r).isCloseTo(epsilon[r], within(1e-9));
                assertThat(m).containsEntry("dp_sampling_rate", q).containsEntry("dp_delta", delta);
            }
            String card = new String(f.hub.commits().get(2).files().get("README.md"), StandardCharsets.UTF_8);
            assertThat(card).contains("## Privacy", String.format(java.util.Locale.ROOT, "(ε, δ) = (%.4f, 1.0E-5) after 3 rounds", epsilon[3]),
                    "noise multiplier σ = 1.0", "sampling rate q = 0.5000");
        }
    }
}
