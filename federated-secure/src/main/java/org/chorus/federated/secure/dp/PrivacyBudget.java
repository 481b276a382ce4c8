package org.chorus.federated.secure.dp;

/** A target (ε, δ) that a task must not exceed. */
public record PrivacyBudget(double epsilon, double delta) {

    public PrivacyBudget {
        if (!(epsilon > 0) || !(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException("budget needs epsilon > 0 and delta in (0, 1), got " + epsilon + ", " + delta);
        }
    }

    /** Whether what {@code accountant} has spent is still within this budget. */
    public boolean allows(RdpAccountant accountant) {
        return accountant.epsilon(delta).epsilon() <= epsilon;
    }

    /**
     * How many more rounds with sampling rate q and noise multiplier σ fit in the budget after what
     * {@code accountant} has spent; 0 means the task must stop now. RDP is linear in rounds, so ε is monotone and a
     * doubling-then-bisection search needs O(log rounds) conversions.
     */
    public long roundsLeft(RdpAccountant accountant, double samplingRate, double noiseMultiplier) {
        if (!allows(accountant.composeSubsampledGaussian(samplingRate, noiseMultiplier, 1))) {
            return 0;
        }
        long good = 1;
        long bad = 2;
        while (allows(accountant.composeSubsampledGaussian(samplingRate, noiseMultiplier, bad))) {
            good = bad;
            if (bad > (1L << 40)) {
                return Long.MAX_VALUE; // effectively unlimited, e.g. q = 0
            }
            bad *= 2;
        }
        while (bad - good > 1) {
            long mid = good + (bad - good) / 2;
            if (allows(accountant.composeSubsampledGaussian(samplingRate, noiseMultiplier, mid))) {
                good = mid;
            } else {
                bad = mid;
            }
        }
        return good;
    }
}
