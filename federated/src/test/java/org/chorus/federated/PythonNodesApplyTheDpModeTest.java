package org.chorus.federated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntToDoubleFunction;
import org.chorus.client.federated.FederatedClient;
import org.chorus.federated.CentralDpOverGrpcTest.Shift;
import org.chorus.federated.DpWithSecureAggregationOverGrpcTest.Ran;
import org.chorus.federated.secure.dp.AdaptiveClipping;
import org.chorus.federated.secure.testing.Noise;
import org.chorus.federated.tensor.Safetensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Python nodes (clients/python) apply the instruction's {@code dp_mode} as the Java SDK does, end to end over gRPC
 * with the real coordinator: two SDK nodes and two Python nodes whose updates are known. Java node 1 moves the
 * D = 20,000-coordinate model by 0.001·((j mod 7) − 3) (norm ≈ 0.28), Java node 2 by 10 per coordinate; Python node 1
 * by 10 per coordinate (norm ≈ 1,400: only its own clipping bounds it), Python node 2 by 0.002 (norm ≈ 0.28). All
 * weigh 10 examples.
 */
class PythonNodesApplyTheDpModeTest {
    static final int D = DpWithSecureAggregationOverGrpcTest.D;
    static final int NODES = 4;
    static final float PYTHON_HUGE = 10f;
    static final float PYTHON_SMALL = 0.002f;

    @TempDir
    Path dir;

    private static Shift shift(IntToDoubleFunction delta) {
        float[] d = new float[D];
        for (int j = 0; j < D; j++) {
            d[j] = (float) delta.applyAsDouble(j);
        }
        return new Shift(d);
    }

    private final List<Shift> java = List.of(shift(j -> 0.001 * ((j % 7) - 3)), shift(j -> 10));
    /** The Python nodes' updates as the test knows them (Python computes Δ in float32: within 1e-7 of these). */
    private final List<Shift> python = List.of(shift(j -> PYTHON_HUGE), shift(j -> PYTHON_SMALL));

    private List<Shift> all() {
        List<Shift> out = new ArrayList<>(java);
        out.addAll(python);
        return out;
    }

    /** Round 1's aggregate − (base + Σ clip(Δ_i, C) / n), unweighted: what the noise alone should explain. */
    private static double[] residual(Fixtures f, Ran ran, float[] base, List<Shift> updates, double clip) {
        float[] aggregate = Safetensors.read(f.store.load(ran.taskId(), 1).orElseThrow()).weights().tensor("w");
        double[] expected = CentralDpOverGrpcTest.clippedMean(updates, clip, NODES);
        double[] residual = new double[D];
        for (int j = 0; j < D; j++) {
            residual[j] = aggregate[j] - base[j] - expected[j];
        }
        return residual;
    }

    @Test
    void underCentralDpWithClientSideClippingPythonNodesClipTheirOwnUpdates() throws Exception {
        // Prepare: σ = 1, C = 1; the coordinator only checks the norms (and refuses an update above C)
        double sigma = 1.0;
        double clip = 1.0;
        try (Fixtures f = new Fixtures(dir)) {
            float[] base = DpWithSecureAggregationOverGrpcTest.bigModel(f);

            // Execute
            Ran ran = oneRound(f, "clip", PrivacySpec.central(sigma, clip, 1e-5, 0).withClientSideClipping());

            // Assert: all four updates were accepted, and the aggregate is the clipped mean plus N(0, (σC/4)²)
            Map<String, Double> m = f.tracking.runs().values().iterator().next().metrics().get(0).metrics();
            assertThat(m).containsEntry("clients", (double) NODES).containsEntry("failures", 0.0);
            Noise.assertNormal(residual(f, ran, base, all(), clip), sigma * clip / NODES,
                    "Python node 1 unclipped would shift the mean by 10/4");
        }
    }

    @Test
    void underLocalDpPythonNodesClipAndAddTheirOwnNoise() throws Exception {
        // Prepare: σ = 0.5, C = 1; every node clips to C and adds N(0, (σC)²) per coordinate, equal weights, so the mean
        // carries n·(σC)²/n² = (σC)²/n per coordinate
        double sigma = 0.5;
        double clip = 1.0;
        try (Fixtures f = new Fixtures(dir)) {
            float[] base = DpWithSecureAggregationOverGrpcTest.bigModel(f);

            // Execute
            Ran ran = oneRound(f, "local", PrivacySpec.local(sigma, clip, 1e-5, 0));

            // Assert: without the Python nodes' noise the variance would be half; without their clipping the mean 2.5
            Noise.assertNormal(residual(f, ran, base, all(), clip), sigma * clip / Math.sqrt(NODES),
                    "Python node 1 unclipped would shift the mean by 10/4");
        }
    }

    @Test
    void underSecureAggregationWithAdaptiveClippingPythonNodesAreSelectedClipAndMaskTheirBit() throws Exception {
        // Prepare: central DP under SecAgg+ (maxWeight 1, clipRange R = C = 1), σ = 0.1, adaptive clipping with target
        // quantile γ = 0.25, η = 0.2, count noise 0.06. Within C: Java node 1 and Python node 2, so 2 of 4
        double sigma = 0.1;
        double clip = 1.0;
        PrivacySpec.Adaptive adaptive = new PrivacySpec.Adaptive(0.25, 0.2, 0.06);
        try (Fixtures f = new Fixtures(dir)) {
            float[] base = DpWithSecureAggregationOverGrpcTest.bigModel(f);

            // Execute
            Ran ran = run(f, TaskSpec.builder("fed", "secure", DpWithSecureAggregationOverGrpcTest.BIG, "main").rounds(2)
                    .clients(NODES, NODES, 1.0).roundTimeoutMs(60_000).evaluateEvery(0)
                    .secureAggregation(new SecureAggregation("secagg+", clip, 1, 0))
                    .privacy(PrivacySpec.central(sigma, clip, 1e-5, 0).withAdaptiveClipping(adaptive)));

            // Assert: every round had all four nodes (the Python ones registered dp=true and masked d + 1 coordinates),
            // and no node sent its clipped bit in clear
            List<Map<String, Double>> rounds = f.tracking.runs().values().iterator().next().metrics().stream().map(r -> r.metrics()).toList();
            assertThat(rounds).hasSize(2).allSatisfy(m -> assertThat(m).containsEntry("secagg_contributors", (double) NODES)
                    .doesNotContainKey("train_dp_unclipped"));

            // Assert: round 1's aggregate is the clipped mean plus the update sum's share of the noise, σ_Δ·C/4
            double sumNoise = AdaptiveClipping.updateNoiseMultiplier(sigma, adaptive.countNoise());
            Noise.assertNormal(residual(f, ran, base, all(), clip), sumNoise * clip / NODES,
                    "Python node 1 unclipped would shift the mean by 10/4 (clipRange alone leaves it 1 per coordinate)");

            // Assert: C ← C·exp(−η(b̃ − γ)) with b̃ = (2 + N(0, 0.06²)) / 4, the Python bits among the 2; a count of 1
            // (Python bits lost) or 3 would give e^0 or e^{−0.1}. The noise moves b̃ by 0.015 per standard deviation
            double ratio = rounds.get(1).get("dp_clip_norm") / rounds.get(0).get("dp_clip_norm");
            assertThat(rounds.get(0).get("dp_clip_norm")).isEqualTo(clip);
            assertThat(ratio).isCloseTo(Math.exp(-0.2 * (2.0 / NODES - 0.25)), within(0.2 * 4 * 0.015));
        }
    }

    /** One round with all four nodes under the given privacy. */
    private Ran oneRound(Fixtures f, String task, PrivacySpec privacy) throws Exception {
        return run(f, TaskSpec.builder("fed", task, DpWithSecureAggregationOverGrpcTest.BIG, "main").rounds(1)
                .clients(NODES, NODES, 1.0).roundTimeoutMs(60_000).evaluateEvery(0).privacy(privacy));
    }

    /** Runs the task with the two Java and the two Python nodes of this test; it must complete. */
    private Ran run(Fixtures f, TaskSpec.Builder spec) throws Exception {
        try (PythonNodes nodes = new PythonNodes(dir); Coordinator c = f.start(); FederatedServer server = FederatedServer.tcp(c, 0)) {
            String token = c.createFederation("fed");
            List<FederatedClient> clients = CentralDpOverGrpcTest.nodes(server, token, java);
            nodes.start(server.port(), "fed", token, "python-1", PYTHON_HUGE, 10);
            nodes.start(server.port(), "fed", token, "python-2", PYTHON_SMALL, 10);
            CentralDpOverGrpcTest.awaitNodes(c, NODES);
            String taskId = c.startTask(spec.build());
            Coordinator.TaskView done = c.await(taskId, Duration.ofSeconds(120));
            clients.forEach(FederatedClient::close);
            assertThat(done.status()).as("%s; python logs:\n%s", done.message(), nodes.logs()).isEqualTo("completed");
            assertThat(done.rounds()).as("python logs:\n%s", nodes.logs()).allSatisfy(r -> assertThat(r.participants()).isEqualTo(NODES));
            return new Ran(taskId, done);
        }
    }
}
