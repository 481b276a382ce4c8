package org.chorus.federated.secure.secagg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Clients go silent at each stage; below the threshold the survivors' sum comes out, at or above it the round aborts. */
class SurvivesDropoutsBelowThresholdTest {
    // 10 clients, complete graph, t = 6: up to 4 may drop.
    private static final int[] IDS = UnmaskedSumEqualsPlainSumTest.ids(10);

    private static InMemoryRound round(long seed) {
        return new InMemoryRound(SecAggConfig.secAgg(30 + seed, IDS, 200, 1.0, 10), seed);
    }

    @Test
    void dropoutsAfterAdvertiseKeysLeaveTheSurvivorsSum() {
        // Prepare
        InMemoryRound round = round(1);
        round.silentFromKeys.addAll(List.of(7, 21));

        // Execute
        AggregateResult result = round.run();

        // Assert
        assertThat(result.contributors()).doesNotContain(7, 21).hasSize(8);
        UnmaskedSumEqualsPlainSumTest.assertSumMatches(round, result);
    }

    @Test
    void dropoutsAfterShareKeysLeaveTheSurvivorsSum() {
        // Prepare
        InMemoryRound round = round(2);
        round.silentFromShares.addAll(List.of(14, 28, 35));

        // Execute
        AggregateResult result = round.run();

        // Assert
        assertThat(result.contributors()).doesNotContain(14, 28, 35).hasSize(7);
        UnmaskedSumEqualsPlainSumTest.assertSumMatches(round, result);
    }

    @Test
    void dropoutsAfterMaskedInputAreUnmaskedThroughTheirRevealedKeys() {
        // Prepare: these clients hold pair masks with everyone but never send their input
        InMemoryRound round = round(3);
        round.silentFromInput.addAll(List.of(7, 42, 70, 63));

        // Execute
        AggregateResult result = round.run();

        // Assert
        assertThat(result.contributors()).doesNotContain(7, 42, 70, 63).hasSize(6);
        UnmaskedSumEqualsPlainSumTest.assertSumMatches(round, result);
    }

    @Test
    void dropoutsDuringUnmaskingStillCountTheirInputs() {
        // Prepare
        InMemoryRound round = round(4);
        round.silentFromUnmask.addAll(List.of(49, 56, 63, 70));

        // Execute
        AggregateResult result = round.run();

        // Assert: their inputs were in; their secrets are recovered from the others' shares
        assertThat(result.contributors()).hasSize(10);
        UnmaskedSumEqualsPlainSumTest.assertSumMatches(round, result);
    }

    @Test
    void dropoutsSpreadOverEveryStageLeaveTheSurvivorsSum() {
        // Prepare
        InMemoryRound round = round(5);
        round.silentFromKeys.add(7);
        round.silentFromShares.add(14);
        round.silentFromInput.add(21);
        round.silentFromUnmask.add(28);

        // Execute
        AggregateResult result = round.run();

        // Assert
        assertThat(result.contributors()).doesNotContain(7, 14, 21).contains(28).hasSize(7);
        UnmaskedSumEqualsPlainSumTest.assertSumMatches(round, result);
    }

    @Test
    void tooManyDropoutsAtAnyStageAbortBeforeAnythingIsUnmasked() {
        for (int stage = 0; stage < 4; stage++) {
            // Prepare: 5 of 10 silent leaves 5 < t = 6
            InMemoryRound round = round(10 + stage);
            Set<Integer> silent = Set.of(7, 14, 21, 28, 35);
            List.of(round.silentFromKeys, round.silentFromShares, round.silentFromInput, round.silentFromUnmask).get(stage).addAll(silent);

            // Execute + Assert
            assertThatThrownBy(round::run).as("stage %d", stage)
                    .isInstanceOfSatisfying(SecAggException.class, e -> {
                        assertThat(e.reason()).isEqualTo(SecAggException.Reason.TOO_FEW_CLIENTS);
                        assertThat(e.reason().abortsRound()).isTrue();
                        assertThat(e.getMessage()).contains("threshold is 6");
                    });
        }
    }

    @Test
    void secAggPlusAbortsWhenOneNeighbourhoodLosesTooManyHolders() {
        // Prepare: 40 clients, k = 16, t = 9; a client's seed has 17 holders (itself included): silence 9 neighbours
        int[] ids = UnmaskedSumEqualsPlainSumTest.ids(40);
        SecAggConfig config = SecAggConfig.secAggPlus(40, ids, 50, 1.0, 10, 7);
        InMemoryRound round = new InMemoryRound(config, 40);
        int victim = ids[0];
        int[] neighbours = config.graph().of(victim);
        for (int i = 0; i < neighbours.length - config.threshold() + 2; i++) {
            round.silentFromUnmask.add(neighbours[i]);
        }

        // Execute + Assert
        assertThatThrownBy(round::run).isInstanceOfSatisfying(SecAggException.class, e -> {
            assertThat(e.reason()).isEqualTo(SecAggException.Reason.NOT_ENOUGH_SHARES);
            assertThat(e.getMessage()).contains("8 of 9 shares");
        });
    }
}
