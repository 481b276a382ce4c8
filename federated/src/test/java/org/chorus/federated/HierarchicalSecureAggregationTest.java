package org.chorus.federated;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.data.Offset;
import org.chorus.federated.proto.v1.InstructionKind;
import org.chorus.federated.secure.secagg.SecAggMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Groups aggregate securely on their own and the master adds their sums (Bonawitz et al. 2019), inside one coordinator. */
class HierarchicalSecureAggregationTest {
    private static final SecAggNode.Script HONEST = new SecAggNode.Script() {};

    @TempDir
    Path dir;

    @Test
    void threeGroupsOfThreeGiveTheFlatWeightedAverage() throws Exception {
        // Execute
        ScriptedRound.Outcome o = ScriptedRound.run(dir, 9, 9, 3, i -> HONEST, new ArrayList<>());

        // Assert: each node saw a setup for a group of three, and the sum of the group sums is the flat average
        assertThat(o.task().status()).isEqualTo("completed");
        assertThat(o.nodes()).allSatisfy(n -> assertThat(n.setup().config().clientIds()).hasSize(3));
        assertThat(o.published()).containsExactly(ScriptedRound.expected(o.nodes()), Offset.offset(1e-5f));
        assertThat(o.metrics()).containsEntry("secagg_groups", 3.0).containsEntry("secagg_contributors", 9.0)
                .containsEntry("secagg_groups_aborted", 0.0);
    }

    @Test
    void aGroupBelowItsThresholdIsDroppedWithoutUnmaskingAndTheOtherGroupCounts() throws Exception {
        // Prepare: 7 nodes in groups of 4 (threshold 3) and 3 (threshold 2); two of the group of three go silent
        // before their masked input, leaving it one node, below its threshold
        SecAggNode.Script dropsInSmallGroup = new SecAggNode.Script() {
            @Override
            public boolean dropsAt(InstructionKind stage, SecAggMessage.Setup setup) {
                return stage == InstructionKind.SECAGG_MASK && setup.config().clientIds().length == 3 && setup.recipient() <= 2;
            }
        };

        // Execute
        ScriptedRound.Outcome o = ScriptedRound.run(dir, 7, 2, 3, i -> dropsInSmallGroup, new ArrayList<>());

        // Assert: the round completes with exactly the group of four; the small group's survivor is never asked to unmask
        List<SecAggNode> big = o.nodes().stream().filter(n -> n.setup().config().clientIds().length == 4).toList();
        List<SecAggNode> small = o.nodes().stream().filter(n -> n.setup().config().clientIds().length == 3).toList();
        assertThat(big).hasSize(4);
        assertThat(small).hasSize(3);
        assertThat(o.task().status()).isEqualTo("completed");
        assertThat(o.published()).containsExactly(ScriptedRound.expected(big), Offset.offset(1e-5f));
        assertThat(small).allSatisfy(n -> assertThat(n.seen).doesNotContain(InstructionKind.SECAGG_UNMASK));
        assertThat(o.metrics()).containsEntry("secagg_groups", 2.0).containsEntry("secagg_groups_aborted", 1.0)
                .containsEntry("secagg_aborted_too_few_clients", 1.0).containsEntry("secagg_contributors", 4.0);
    }
}
