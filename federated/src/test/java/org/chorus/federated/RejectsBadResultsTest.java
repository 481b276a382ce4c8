package org.chorus.federated;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.chorus.federated.proto.v1.Instruction;
import org.chorus.federated.proto.v1.PushReply;
import org.chorus.federated.proto.v1.TensorPiece;
import org.chorus.federated.tensor.Safetensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RejectsBadResultsTest {
    @TempDir
    Path dir;

    static final long[] W = {2, 3};
    static final long[] B = {3};

    static List<TensorPiece> good(float v) {
        return List.of(RawNode.piece("fc.weight", W, v, v, v, v, v, v), RawNode.piece("fc.bias", B, v, v, v));
    }

    @Test
    void badResultsAreRejectedWithAReasonAndTheRoundContinuesWithTheGoodOne() throws Exception {
        // Prepare: 7 nodes, 6 selected (over-selection off), one round
        try (Fixtures f = new Fixtures(dir); Fixtures.Running r = f.running("bad-results")) {
            Coordinator c = r.coordinator();
            List<RawNode> nodes = r.rawNodes(7);
            String taskId = c.startTask(TaskSpec.builder("fed", "bad", Fixtures.BASE, "main").rounds(1).clients(6, 1, 1.0)
                    .roundTimeoutMs(20_000).evaluateEvery(0).build());
            List<RawNode> selected = new ArrayList<>();
            RawNode outsider = null;
            Instruction instruction = null;
            for (int tries = 0; tries < 500 && selected.size() + (outsider == null ? 0 : 1) < 7; tries++) {
                selected.clear();
                outsider = null;
                for (RawNode n : nodes) {
                    Instruction in = n.pull();
                    if (in != null) {
                        selected.add(n);
                        instruction = in;
                    } else {
                        outsider = n;
                    }
                }
                Thread.sleep(10);
            }
            assertThat(selected).hasSize(6);
            long round = instruction.getRound();

            // Execute
            PushReply notSelected = outsider.push(taskId, round, good(1f), false);
            PushReply wrongName = selected.get(0).push(taskId, round, List.of(RawNode.piece("conv.weight", W, 1, 1, 1, 1, 1, 1)), false);
            PushReply wrongShape = selected.get(1).push(taskId, round, List.of(RawNode.piece("fc.weight", new long[] {3, 2}, 1, 1, 1, 1, 1, 1)), false);
            PushReply nan = selected.get(2).push(taskId, round, good(Float.NaN), false);
            selected.get(3).push(taskId, round, List.of(RawNode.piece("fc.weight", W, 1, 1, 1, 1, 1, 1)), true);
            PushReply wrongRound = selected.get(4).push(taskId, round + 1, good(1f), false);
            PushReply accepted = selected.get(5).push(taskId, round, good(7f), false);
            PushReply duplicate = selected.get(5).push(taskId, round, good(7f), false);
            PushReply corrected = selected.get(4).push(taskId, round, good(1f), false);
            Coordinator.TaskView done = c.await(taskId, Duration.ofSeconds(30));
            PushReply afterEnd = selected.get(4).push(taskId, round, good(1f), false);
            r.stop();

            // Assert
            assertThat(notSelected.getReason()).contains("not selected");
            assertThat(wrongName.getReason()).contains("expected tensor fc.weight but got conv.weight");
            assertThat(wrongShape.getReason()).contains("shape");
            assertThat(nan.getReason()).contains("NaN");
            assertThat(wrongRound.getReason()).contains("round " + (round + 1));
            assertThat(accepted.getAccepted()).isTrue();
            assertThat(duplicate.getReason()).contains("duplicate");
            assertThat(List.of(notSelected, wrongName, wrongShape, nan, wrongRound, duplicate)).noneMatch(PushReply::getAccepted);
            assertThat(corrected.getAccepted()).as("a result for the wrong round does not spend the node's turn").isTrue();
            assertThat(afterEnd.getReason()).contains("no open round");
            assertThat(done.status()).isEqualTo("completed");
            assertThat(done.rounds().get(0).participants()).isEqualTo(2);
            assertThat(done.rounds().get(0).failures()).isEqualTo(4);
            // the round's record names each node that failed it: the broken upload dropped out, three were rejected with the reason
            Coordinator.RoundView first = done.rounds().get(0);
            assertThat(first.selected()).isEqualTo(6);
            assertThat(first.dropped()).singleElement().satisfies(d -> {
                assertThat(d.nodeId()).isEqualTo(selected.get(3).session.getNodeId());
                assertThat(d.reason()).startsWith("disconnected mid-upload");
            });
            assertThat(first.rejected()).extracting(Coordinator.NodeResult::nodeId)
                    .containsExactlyInAnyOrder(selected.get(0).session.getNodeId(), selected.get(1).session.getNodeId(),
                            selected.get(2).session.getNodeId());
            assertThat(first.rejected()).extracting(Coordinator.NodeResult::reason).anyMatch(reason -> reason.contains("NaN"))
                    .allMatch(reason -> !reason.isBlank());
            assertThat(first.rejected()).extracting(Coordinator.NodeResult::stage).containsOnly("fit");
            assertThat(first.rejected()).extracting(Coordinator.NodeResult::node).doesNotContainNull()
                    .as("named as registered").noneMatch(n -> n.matches("[0-9a-f]{24}"));
            assertThat(first.durationMs()).isNotNull().isNotNegative();
            assertThat(done.rounds().get(0).metrics().get("duration_s")).as("the broken upload failed at once, not at the deadline").isLessThan(15.0);
            // the two accepted updates, 10 examples each: (7 + 1) / 2
            float[] model = Safetensors.read(f.store.load(taskId, 1).orElseThrow()).weights().values();
            assertThat(model).containsOnly(4f);
        }
    }
}
