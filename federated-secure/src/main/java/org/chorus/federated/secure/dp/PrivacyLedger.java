package org.chorus.federated.secure.dp;

/**
 * The per-task record of privacy spent: one {@link #recordRound} per aggregation round, each returning the report
 * to log. Rounds may change q and σ (e.g. as clients join); the RDP curve adds them up exactly. Not thread-safe:
 * the round loop owns one per task.
 */
public final class PrivacyLedger {
    private final PrivacyBudget budget;
    private RdpAccountant accountant;
    private long rounds;

    private PrivacyLedger(PrivacyBudget budget, RdpAccountant accountant) {
        this.budget = budget;
        this.accountant = accountant;
    }

    public static PrivacyLedger create(PrivacyBudget budget) {
        return new PrivacyLedger(budget, RdpAccountant.create());
    }

    public static PrivacyLedger create(PrivacyBudget budget, RdpAccountant start) {
        return new PrivacyLedger(budget, start);
    }

    /** Records one round that sampled clients with probability q and added N(0, (σ·C)²) to the clipped sum. */
    public PrivacyReport recordRound(double samplingRate, double noiseMultiplier) {
        accountant = accountant.composeSubsampledGaussian(samplingRate, noiseMultiplier, 1);
        rounds++;
        PrivacySpent spent = accountant.epsilon(budget.delta());
        return new PrivacyReport(rounds, samplingRate, noiseMultiplier, spent.epsilon(), spent.delta(),
                spent.optimalOrder(), spent.epsilon() > budget.epsilon());
    }

    /** Whether one more round with these parameters would still fit the budget; the round loop stops when not. */
    public boolean canAfford(double samplingRate, double noiseMultiplier) {
        return budget.allows(accountant.composeSubsampledGaussian(samplingRate, noiseMultiplier, 1));
    }

    public long rounds() {
        return rounds;
    }

    public RdpAccountant accountant() {
        return accountant;
    }
}
