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
    private static final SecAggNode.Script HONEST = new SecAggNode.Script() {};

    @TempDir
    Path dir;

    static SecAggNode.Script dropsAt(InstructionKind stage) {
        return new SecAggNode.Script() {
            @Override
            public boolean dropsAt(InstructionKind kind, SecAggMessage.Setup setup) {
                return kind == stage;
            }
        };
    }

    @Test
    void oneNodeDroppingAtEachOfTheFourStagesLeavesACorrectSum() throws Exception {
        // Prepare: 10 nodes, threshold 6; nodes 7, 8, 9, 10 go silent at setup, share, mask and unmask respectively,
        // leaving 9 advertised, 8 shared, 7 inputs and 6 unmask answers
        InstructionKind[] stages = {InstructionKind.SECAGG_SETUP, InstructionKind.SECAGG_SHARE, InstructionKind.SECAGG_MASK,
                InstructionKind.SECAGG_UNMASK};

        // Execute
        ScriptedRound.Outcome o = ScriptedRound.run(dir, 10, 6, 0, i -> i >= 7 ? dropsAt(stages[i - 7]) : HONEST, new ArrayList<>());

        // Assert: node 10's input counts (its self mask is rebuilt from shares), node 9's pair masks are removed
        List<SecAggNode> n = o.nodes();
        assertThat(o.task().status()).isEqualTo("completed");
        assertThat(n.subList(6, 9)).allSatisfy(node -> assertThat(node.contributions).isEmpty());
        List<SecAggNode> contributors = new ArrayList<>(n.subList(0, 6));
        contributors.add(n.get(9));
        assertThat(o.published()).containsExactly(ScriptedRound.expected(contributors), Offset.offset(1e-5f));
        assertThat(o.metrics()).containsEntry("secagg_contributors", 7.0).containsEntry("clients", 7.0)
                .containsEntry("secagg_dropped_stage_0", 1.0).containsEntry("secagg_dropped_stage_1", 1.0)
                .containsEntry("secagg_dropped_stage_2", 1.0).containsEntry("secagg_dropped_stage_3", 1.0);
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
                    return (long) ScriptedRound.MAX_WEIGHT + 1;
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
        ScriptedRound.Outcome o = ScriptedRound.run(dir, 7, 4, 0, scripts, started);

        // Assert
        List<SecAggNode> n = o.nodes();
        assertThat(o.task().status()).isEqualTo("completed");
        assertThat(n.get(4).rejections).singleElement().asString().startsWith("REPLAYED_INPUT");
        assertThat(n.get(5).rejections).singleElement().asString().startsWith("WEIGHT_OUT_OF_BOUND");
        assertThat(n.get(6).rejections).singleElement().asString().startsWith("MALFORMED_SHARE");
        assertThat(o.published()).containsExactly(ScriptedRound.expected(n.subList(0, 4)), Offset.offset(1e-5f));
        assertThat(o.metrics()).containsEntry("secagg_contributors", 4.0).containsEntry("secagg_rejected_replayed_input", 1.0)
                .containsEntry("secagg_rejected_weight_out_of_bound", 1.0).containsEntry("secagg_rejected_malformed_share", 1.0);
    }

    @Test
    void anAttemptLosingTooManyNodesAbortsBeforeAnythingIsUnmaskedAndIsAbandoned() throws Exception {
        // Prepare: 4 nodes, threshold 3; two go silent before their masked input
        // Execute
        ScriptedRound.Outcome o = ScriptedRound.run(dir, 4, 2, 0, i -> i <= 2 ? dropsAt(InstructionKind.SECAGG_MASK) : HONEST, new ArrayList<>());

        // Assert: the only attempt is abandoned with the reason counted, and no node was asked to reveal shares
        assertThat(o.task().status()).isEqualTo("failed");
        assertThat(o.task().rounds()).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo("abandoned"));
        assertThat(o.metrics()).containsEntry("secagg_aborted_too_few_clients", 1.0).containsEntry("secagg_contributors", 0.0)
                .containsEntry("secagg_dropped_stage_2", 2.0);
        assertThat(o.nodes()).allSatisfy(n -> assertThat(n.seen).doesNotContain(InstructionKind.SECAGG_UNMASK));
    }

    @Test
    void aSmallOrderKeyAndAMissingShareAreRejectedWithTheirReasons() throws Exception {
        // Prepare: 6 nodes, threshold 4; node 5 advertises the all-zero (small-order) mask key, node 6 leaves out a share
        IntFunction<SecAggNode.Script> scripts = i -> switch (i) {
            case 5 -> new SecAggNode.Script() {
                @Override
                public SecAggMessage.AdvertiseKeys keys(SecAggMessage.AdvertiseKeys honest) {
                    return new SecAggMessage.AdvertiseKeys(honest.sender(), honest.channelKey(), new byte[32]);
                }
            };
            case 6 -> new SecAggNode.Script() {
                @Override
                public SecAggMessage.ShareKeys shares(SecAggMessage.ShareKeys honest) {
                    return new SecAggMessage.ShareKeys(honest.sender(), honest.seedCommitment(), honest.shares().subList(1, honest.shares().size()));
                }
            };
            default -> HONEST;
        };

        // Execute
        ScriptedRound.Outcome o = ScriptedRound.run(dir, 6, 4, 0, scripts, new ArrayList<>());

        // Assert
        List<SecAggNode> n = o.nodes();
        assertThat(o.task().status()).isEqualTo("completed");
        assertThat(n.get(4).rejections).singleElement().asString().startsWith("MALFORMED_KEY");
        assertThat(n.get(5).rejections).singleElement().asString().startsWith("SHARE_COUNT_MISMATCH");
        assertThat(o.published()).containsExactly(ScriptedRound.expected(n.subList(0, 4)), Offset.offset(1e-5f));
        assertThat(o.metrics()).containsEntry("secagg_contributors", 4.0).containsEntry("secagg_rejected_malformed_key", 1.0)
                .containsEntry("secagg_rejected_share_count_mismatch", 1.0).containsEntry("secagg_dropped_stage_0", 1.0)
                .containsEntry("secagg_dropped_stage_1", 1.0);
    }

    @Test
    void aWeightDeclaredDifferentlyFromTheMaskedOneAbortsTheAttemptWithoutAResult() throws Exception {
        // Prepare: 4 nodes; node 4 masks its weight 40 but declares 39 (within the bound, so only the sum can tell)
        SecAggNode.Script understates = new SecAggNode.Script() {
            @Override
            public long declaredWeight(long honest) {
                return honest - 1;
            }
        };

        // Execute
        ScriptedRound.Outcome o = ScriptedRound.run(dir, 4, 2, 0, i -> i == 4 ? understates : HONEST, new ArrayList<>());

        // Assert: the unmasked weight coordinate disagrees with the declared weights, so no model is published
        assertThat(o.task().status()).isEqualTo("failed");
        assertThat(o.published()).isNull();
        assertThat(o.task().rounds()).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo("abandoned"));
        assertThat(o.metrics()).containsEntry("secagg_aborted_weight_mismatch", 1.0).containsEntry("secagg_contributors", 0.0);
    }
}
