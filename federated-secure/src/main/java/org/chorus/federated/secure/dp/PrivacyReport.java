package org.chorus.federated.secure.dp;

import java.util.Locale;

/**
 * What a federated task has spent after a round, for logging and for the tracking UI. {@code samplingRate} and
 * {@code noiseMultiplier} are those of the latest round; {@code epsilon} covers all rounds so far.
 */
public record PrivacyReport(long rounds, double samplingRate, double noiseMultiplier, double epsilon, double delta,
                            double optimalOrder, boolean budgetExhausted) {

    /** One line, {@code key=value} pairs, stable field order. */
    public String toLogLine() {
        return String.format(Locale.ROOT, "rounds=%d q=%s sigma=%s epsilon=%.4f delta=%s order=%s exhausted=%s",
                rounds, samplingRate, noiseMultiplier, epsilon, delta, optimalOrder, budgetExhausted);
    }
}
