package org.chorus.tracking;

/**
 * The summary of one block of a metric series: the points with {@code floor(step / size) == block}, for a size of
 * {@link #FINE} or {@link #COARSE} steps. {@code values} counts its non-NaN points; the lowest and the highest non-NaN
 * point are the first in (step, timestamp) order among equal values, and both values are NaN when the block holds
 * only NaN. Infinities read back as +/-{@link Double#MAX_VALUE}, as points do.
 */
public record MetricBlock(long block, long firstStep, long lastStep, long values, long minStep, long minTimestamp, double minValue,
                          long maxStep, long maxTimestamp, double maxValue) {
    public static final int FINE = 64;
    public static final int COARSE = 1024;

    /** Whether the block holds a non-NaN point (else its extremes are NaN). */
    public boolean hasValues() {
        return !Double.isNaN(minValue);
    }
}
