package org.chorus.federated.secure.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Checks on what is left after the known part of a noised result is subtracted. */
public final class Noise {
    private Noise() {}

    /**
     * The residual is N(0, sd²) noise: mean ≈ 0 within 5 standard errors ({@code meanReason} says what a shifted
     * mean would mean), variance / sd² ≈ 1 within 5 relative standard deviations √(2/n).
     */
    public static void assertNormal(double[] residual, double sd, String meanReason) {
        double mean = 0;
        double squares = 0;
        for (double r : residual) {
            mean += r;
            squares += r * r;
        }
        mean /= residual.length;
        double variance = squares / residual.length - mean * mean;
        assertThat(mean).as(meanReason).isCloseTo(0, within(5 * sd / Math.sqrt(residual.length)));
        assertThat(variance / (sd * sd)).isCloseTo(1.0, within(5 * Math.sqrt(2.0 / residual.length)));
    }
}
