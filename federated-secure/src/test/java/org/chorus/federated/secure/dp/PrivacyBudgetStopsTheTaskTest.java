package org.chorus.federated.secure.dp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrivacyBudgetStopsTheTaskTest {

    @Test
    void roundsLeftIsTheLastRoundCountWithinBudget() {
        // Prepare: Gboard-like regime, 1% of clients per round, σ = 1.0, budget ε = 8 at δ = 1e-10
        PrivacyBudget budget = new PrivacyBudget(8, 1e-10);
        RdpAccountant fresh = RdpAccountant.create();

        // Execute
        long rounds = budget.roundsLeft(fresh, 0.01, 1.0);

        // Assert
        assertThat(rounds).isGreaterThan(10);
        assertThat(fresh.composeSubsampledGaussian(0.01, 1.0, rounds).epsilon(1e-10).epsilon()).isLessThanOrEqualTo(8);
        assertThat(fresh.composeSubsampledGaussian(0.01, 1.0, rounds + 1).epsilon(1e-10).epsilon()).isGreaterThan(8);
    }

    @Test
    void ledgerReportsExhaustionOnTheRoundThatCrossesTheBudget() {
        // Prepare
        PrivacyBudget budget = new PrivacyBudget(2, 1e-5);
        long affordable = budget.roundsLeft(RdpAccountant.create(), 0.05, 1.2);
        PrivacyLedger ledger = PrivacyLedger.create(budget);

        // Execute
        PrivacyReport last = null;
        for (long r = 0; r < affordable; r++) {
            assertThat(ledger.canAfford(0.05, 1.2)).isTrue();
            last = ledger.recordRound(0.05, 1.2);
        }
        boolean affordMore = ledger.canAfford(0.05, 1.2);
        PrivacyReport over = ledger.recordRound(0.05, 1.2);

        // Assert
        assertThat(last.budgetExhausted()).isFalse();
        assertThat(last.rounds()).isEqualTo(affordable);
        assertThat(affordMore).isFalse();
        assertThat(over.budgetExhausted()).isTrue();
        assertThat(over.epsilon()).isGreaterThan(last.epsilon());
        assertThat(over.toLogLine()).startsWith("rounds=" + (affordable + 1) + " q=0.05 sigma=1.2 epsilon=");
    }

    @Test
    void epsilonGrowsWithRoundsAndShrinksWithNoise() {
        // Prepare
        RdpAccountant fresh = RdpAccountant.create();

        // Execute
        double few = fresh.composeSubsampledGaussian(0.02, 1.0, 100).epsilon(1e-6).epsilon();
        double many = fresh.composeSubsampledGaussian(0.02, 1.0, 1000).epsilon(1e-6).epsilon();
        double noisier = fresh.composeSubsampledGaussian(0.02, 2.0, 1000).epsilon(1e-6).epsilon();

        // Assert
        assertThat(many).isGreaterThan(few);
        assertThat(noisier).isLessThan(many);
        assertThat(fresh.epsilon(1e-6).epsilon()).isZero();
    }

    @Test
    void improvedConversionIsNeverWorseThanClassic() {
        // Prepare
        double[] orders = RdpAccountant.defaultOrders();
        RdpAccountant improved = RdpAccountant.withOrders(RdpConversion.IMPROVED, orders).composeSubsampledGaussian(0.01, 1.1, 5000);
        RdpAccountant classic = RdpAccountant.withOrders(RdpConversion.CLASSIC, orders).composeSubsampledGaussian(0.01, 1.1, 5000);

        // Execute
        double epsImproved = improved.epsilon(1e-5).epsilon();
        double epsClassic = classic.epsilon(1e-5).epsilon();

        // Assert
        assertThat(epsImproved).isLessThan(epsClassic);
    }
}
