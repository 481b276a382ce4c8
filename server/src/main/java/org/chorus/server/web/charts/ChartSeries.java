package org.chorus.server.web.charts;

import org.chorus.core.ChorusException;
import org.chorus.tracking.StepRange;
import org.chorus.tracking.TrackingStore;

/**
 * Reads one metric of one run for a chart: at most {@value MinMaxBuckets#DEFAULT_POINTS} points over the whole series
 * or over the zoomed step range {@code [from, to]}. The one place pages read series, so the run page and the compare
 * page draw the same points. The caller checks READ on the run first.
 */
public final class ChartSeries {
    private ChartSeries() {}

    /** The reduced points and the metric's full step range ({@code null} when the run never logged the key). */
    public record Read(MinMaxBuckets.Series series, StepRange range) {}

    public static Read read(TrackingStore store, String runId, String key, Long from, Long to) {
        if (from != null && to != null && from > to) {
            throw ChorusException.invalid("from must not be after to");
        }
        // a zoom names both ends: no need to look the range up
        StepRange range = from != null && to != null ? new StepRange(from, to) : store.metricSteps(runId, key);
        if (range == null) {
            return new Read(new MinMaxBuckets(0, 0, MinMaxBuckets.DEFAULT_POINTS).result(), null);
        }
        MinMaxBuckets buckets = new MinMaxBuckets(from == null ? range.first() : from, to == null ? range.last() : to,
                MinMaxBuckets.DEFAULT_POINTS);
        store.metricPoints(runId, key, from, to, buckets::add);
        return new Read(buckets.result(), range);
    }
}
