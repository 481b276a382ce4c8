package org.chorus.federated;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.assertj.core.data.Offset;
import org.chorus.federated.proto.v1.InstructionKind;
import org.chorus.federated.secure.secagg.SecAggMessage;
import org.chorus.federated.tensor.Safetensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scripted nodes drop out or misbehave at each stage; the round completes with the rest, or aborts revealing nothing. */
class SecureRoundsSurviveDropoutsAndBadInputTest {
    private static final double MAX_WEIGHT = 100;
    private static final SecAggNode.Script HONEST = new SecAggNode.Script() {};

    @TempDir
    Path dir;

    record Outcome(Coordinator.TaskView task, List<SecAggNode> nodes, float[] published, Map<String, Double> metrics) {}

    /** One round of plain SecAgg over nodes scripted by {@code scripts}, added to {@code started} as they register. */
    Outcome run(int nodes, int minClients, int groupSize, IntFunction<SecAggNode.Script> scripts, List<SecAggNode> started) throws Exception {
        try (Fixtures f = new Fixtures(dir); Coordinator coordinator = f.start(); FederatedServer server = FederatedServer.tcp(coordinator, 0)) {
            String token = coordinator.createFederation("clinics");
            ManagedChannel channel = NettyChannelBuilder.forAddress("localhost", server.port()).usePlaintext().build();
            for (int i = 1; i <= nodes; i++) {
                started.add(new SecAggNode(channel, "clinics", token, i, scripts.apply(i)));
            }
            TaskSpec spec = TaskSpec.builder("clinics", "secure", Fixtures.BASE, "main").publishTo("org/secure")
                    .strategy("fedavg", Map.of()).rounds(1).clients(nodes, minClients, 1.0).roundTimeoutMs(4_000).maxAttempts(1)
                    .evaluateEvery(0).secureAggregation(new SecureAggregation("secagg", 1.0, MAX_WEIGHT, groupSize)).build();
            String taskId = coordinator.startTask(spec);
            Coordinator.TaskView done = coordinator.await(taskId, Duration.ofSeconds(60));
            for (SecAggNode n : started) {
                n.stop();
            }
            channel.shutdownNow();
            float[] published = done.status().equals("completed")
                    ? Safetensors.read(f.hub.read("org/secure", "main", "model.safetensors")).weights().values() : null;
            Map<String, Double> metrics = done.rounds().isEmpty() ? Map.of() : done.rounds().getLast().metrics();
            return new Outcome(done, started, published, metrics);
        }
    }

    /** initial + Σ w·Δ / Σ w over the nodes expected to contribute, in double. */
    static float[] expected(List<SecAggNode> contributors) {
        float[] global = contributors.getFirst().contributions.get(1L).global();
        double[] sum = new double[global.length];
        double total = 0;
        for (SecAggNode n : contributors) {
            SecAggNode.Contribution c = n.contributions.get(1L);
            for (int j = 0; j < sum.length; j++) {
                sum[j] += c.weight() * (double) c.delta()[j];
            }
            total += c.weight();
        }
        float[] out = new float[global.length];
        for (int j = 0; j < out.length; j++) {
            out[j] = (float) (global[j] + sum[j] / total);
        }
        return out;
    }

    static SecAggNode.Script dropsAt(InstructionKind stage) {
        return new SecAggNode.Script() {
            @Override
            public boolean dropsAt(InstructionKind kind) {
                return kind == stage;
            }
        };
    }

    @Test
    void aNodeDroppingBeforeItsMaskedInputAndOneDroppingBeforeUnmaskingLeaveACorrectSum() throws Exception {
        // Prepare: 5 nodes, threshold 3; node 4 goes silent after sharing keys, node 5 after sending its masked input
        // Execute
        Outcome o = run(5, 3, 0, i -> i == 4 ? dropsAt(InstructionKind.SECAGG_MASK) : i == 5 ? dropsAt(InstructionKind.SECAGG_UNMASK) : HONEST,
                new ArrayList<>());

        // Assert: node 5's input counts (its self mask is rebuilt from shares), node 4's pair masks are removed
        List<SecAggNode> n = o.nodes();
        assertThat(o.task().status()).isEqualTo("completed");
        assertThat(n.get(3).contributions).isEmpty();
        assertThat(o.published()).containsExactly(expected(List.of(n.get(0), n.get(1), n.get(2), n.get(4))), Offset.offset(1e-5f));
        assertThat(o.metrics()).containsEntry("secagg_contributors", 4.0).containsEntry("secagg_dropped_stage_2", 1.0)
                .containsEntry("secagg_dropped_stage_3", 1.0).containsEntry("clients", 4.0);
    }

    @Test
    void aReplayAWeightAboveTheBoundAndMalformedSharesAreRejectedWithTheirReasons() throws Exception {
        // Prepare: 7 nodes, threshold 4; node 5 replays node 1's accepted masked input, node 6 masks weight 60 but
        // declares 101 > maxWeight, node 7 sends truncated encrypted shares
        List<SecAggNode> started = new ArrayList<>();
        IntFunction<SecAggNode.Script> scripts = i -> switch (i) {
            case 5 -> new SecAggNode.Script() {
                @Override
                public int[] masked(int[] honest) {
                    return started.getFirst().acceptedMasked.join().clone();
                }
            };
            case 6 -> new SecAggNode.Script() {
                @Override
                public long declaredWeight(long honest) {
                    return (long) MAX_WEIGHT + 1;
                }
            };
            case 7 -> new SecAggNode.Script() {
                @Override
                public SecAggMessage.ShareKeys shares(SecAggMessage.ShareKeys honest) {
                    return new SecAggMessage.ShareKeys(honest.sender(), honest.seedCommitment(), honest.shares().stream()
                            .map(s -> new SecAggMessage.EncryptedShare(s.from(), s.to(), Arrays.copyOf(s.ciphertext(), 20))).toList());
                }
            };
            default -> HONEST;
        };

        // Execute
        Outcome o = run(7, 4, 0, scripts, started);

        // Assert
        List<SecAggNode> n = o.nodes();
        assertThat(o.task().status()).isEqualTo("completed");
        assertThat(n.get(4).rejections).singleElement().asString().startsWith("REPLAYED_INPUT");
        assertThat(n.get(5).rejections).singleElement().asString().startsWith("WEIGHT_OUT_OF_BOUND");
        assertThat(n.get(6).rejections).singleElement().asString().startsWith("MALFORMED_SHARE");
        assertThat(o.published()).containsExactly(expected(n.subList(0, 4)), Offset.offset(1e-5f));
        assertThat(o.metrics()).containsEntry("secagg_contributors", 4.0).containsEntry("secagg_rejected_replayed_input", 1.0)
                .containsEntry("secagg_rejected_weight_out_of_bound", 1.0).containsEntry("secagg_rejected_malformed_share", 1.0);
    }
}
