package org.chorus.federated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.chorus.client.federated.FederatedClient;
import org.chorus.federated.secure.dp.RdpAccountant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdaptiveAndLocalDpOverGrpcTest {
    @TempDir
    Path dir;

    static List<CentralDpOverGrpcTest.Shift> shifts(int n, float step) {
        List<CentralDpOverGrpcTest.Shift> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] delta = new float[Fixtures.LAYOUT.size()];
            java.util.Arrays.fill(delta, step);
            out.add(new CentralDpOverGrpcTest.Shift(delta));
        }
        return out;
    }

    static InMemoryTracking.Run run(Fixtures f, List<CentralDpOverGrpcTest.Shift> trainers, TaskSpec.Builder spec) throws Exception {
        Coordinator c = f.start();
        FederatedServer server = FederatedServer.tcp(c, 0);
        String token = c.createFederation("fed");
        List<FederatedClient> clients = CentralDpOverGrpcTest.nodes(server, token, trainers);
        CentralDpOverGrpcTest.awaitNodes(c, trainers.size());
        String taskId = c.startTask(spec.build());
        Coordinator.TaskView done = c.await(taskId, Duration.ofSeconds(60));
        clients.forEach(FederatedClient::close);
        server.close();
        c.close();
        assertThat(done.status()).isEqualTo("completed");
        return f.tracking.runs().values().iterator().next();
    }

    @Test
    void adaptiveClippingShrinksTheClipNormWhenEveryUpdateIsWithinIt() throws Exception {
        // Prepare: 4 clients whose ‖Δ‖ = 0.03 is far below C = 1, target quantile 0.5, η = 0.2
        try (Fixtures f = new Fixtures(dir)) {
            PrivacySpec dp = PrivacySpec.central(0.1, 1.0, 1e-5, 0).withAdaptiveClipping(new PrivacySpec.Adaptive(0.5, 0.2, 0.06));

            // Execute
            InMemoryTracking.Run run = run(f, shifts(4, 0.01f), TaskSpec.builder("fed", "adaptive", Fixtures.BASE, "main").rounds(3)
                    .clients(4, 4, 1.0).roundTimeoutMs(30_000).evaluateEvery(0).privacy(dp));

            // Assert: C ← C·exp(−η(b̃ − γ)) with b̃ = (4 + N(0, 0.06²)) / 4 ≈ 1, so each round multiplies C by ≈ e^−0.1
            List<Double> clip = run.metrics().stream().map(m -> m.metrics().get("dp_clip_norm")).toList();
            assertThat(clip.get(0)).isEqualTo(1.0);
            for (int r = 1; r < 3; r++) {
                // the count noise moves b̃ by 0.015 per standard deviation: allow 6 of them
                assertThat(clip.get(r) / clip.get(r - 1)).isCloseTo(Math.exp(-0.2 * 0.5), within(Math.exp(-0.1) * 0.2 * 0.09));
            }
        }
    }

    @Test
    void localDpSendsTheNoiseSettingsToClientsAndIsAccountedWithoutSubsampling() throws Exception {
        // Prepare: 4 nodes, 2 per round: central DP would account q = 1/2, local DP accounts q = 1
        try (Fixtures f = new Fixtures(dir)) {
            PrivacySpec dp = PrivacySpec.local(2.0, 0.5, 1e-5, 0);

            // Execute
            InMemoryTracking.Run run = run(f, shifts(4, 0.01f), TaskSpec.builder("fed", "local", Fixtures.BASE, "main").rounds(2)
                    .clients(2, 2, 1.0).roundTimeoutMs(30_000).evaluateEvery(0).privacy(dp));

            // Assert
            Map<String, Double> last = run.metrics().get(1).metrics();
            double epsilon = RdpAccountant.create().composeSubsampledGaussian(1.0, 2.0, 2).epsilon(1e-5).epsilon();
            assertThat(last.get("dp_epsilon")).isCloseTo(epsilon, within(1e-9));
            assertThat(last).containsEntry("dp_sampling_rate", 1.0).containsEntry("clients", 2.0);
        }
    }

    @Test
    void aRestartedLoopReplaysTheRoundsAlreadySpent() {
        // Prepare: two completed rounds at q = 1/2, σ = 1 in the stored metrics; a budget between ε(2) and ε(3)
        RdpAccountant accountant = RdpAccountant.create();
        double e2 = accountant.composeSubsampledGaussian(0.5, 1.0, 2).epsilon(1e-5).epsilon();
        double e3 = accountant.composeSubsampledGaussian(0.5, 1.0, 3).epsilon(1e-5).epsilon();
        TaskSpec spec = TaskSpec.builder("fed", "resume", Fixtures.BASE, "main").clients(2, 2, 1.0)
                .privacy(PrivacySpec.central(1.0, 1.0, 1e-5, (e2 + e3) / 2)).build();
        Map<String, Double> metrics = Map.of("dp_sampling_rate", 0.5, "dp_noise_multiplier", 1.0);
        List<Coordinator.RoundView> stored = List.of(new Coordinator.RoundView(1, "completed", 1, 2, 0, 0, 0, null, metrics, 2, List.of(), List.of(), null, 0),
                new Coordinator.RoundView(2, "completed", 1, 2, 0, 0, 0, null, metrics, 2, List.of(), List.of(), null, 0));

        // Execute
        String fresh = RoundPrivacy.resume(spec, List.of()).beforeRound(4);
        String resumed = RoundPrivacy.resume(spec, stored).beforeRound(4);

        // Assert
        assertThat(fresh).isNull();
        assertThat(resumed).startsWith("privacy budget reached after 2 rounds");
    }
}
