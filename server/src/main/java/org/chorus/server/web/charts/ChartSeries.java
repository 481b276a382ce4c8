package org.chorus.server.web.charts;

import java.util.List;
import org.chorus.core.ChorusException;
import org.chorus.tracking.MetricBlock;
import org.chorus.tracking.StepRange;
import org.chorus.tracking.TrackingStore;

/**
 * Reads one metric of one run for a chart: at most {@value MinMaxBuckets#DEFAULT_POINTS} points (or a smaller budget:
 * the compare page draws up to 100 runs on one chart) over the whole series or over the zoomed step range
 * {@code [from, to]}. The one place pages read series, so the run page and the compare page draw the same points.
 * The caller checks READ on the run first.
 *
 * <p>A range whose whole 1,024-step blocks hold at most {@value #RAW_PER_POINT} points per point of the budget (and
 * that has fewer than a quarter of the budget of them) is read point by point into {@link MinMaxBuckets}. A longer one is read from the block summaries the store keeps
 * ({@link MetricBlock}): the coarsest block size that still gives at least half as many blocks as the chart has
 * buckets (a block then spans at most two buckets), each whole block in the range handing its lowest and highest point
 * to the same buckets, and the parts of blocks cut by a zoom's ends read point by point. Every bucket then keeps the
 * extremes of the points it covers, except where a block straddles two buckets (its extremes go to the bucket they
 * fall in, as the points would, but the block's other points are not seen); the series' own lowest and highest points
 * are always kept. A million points cost 977 summary rows instead of a million points.
 */
public final class ChartSeries {
    /** Ranges up to this many points per point of the budget are read point by point (a few microseconds each). */
    static final long RAW_PER_POINT = 5;

    private ChartSeries() {}

    /** The reduced points and the metric's full step range ({@code null} when the run never logged the key). */
    public record Read(MinMaxBuckets.Series series, StepRange range) {}

    public static Read read(TrackingStore store, String runId, String key, Long from, Long to) {
        return read(store, runId, key, from, to, MinMaxBuckets.DEFAULT_POINTS);
    }

    /** At most {@code maxPoints} points (at least 2). */
    public static Read read(TrackingStore store, String runId, String key, Long from, Long to, int maxPoints) {
        if (from != null && to != null && from > to) {
            throw ChorusException.invalid("from must not be after to");
        }
        // a zoom names both ends: no need to look the range up
        StepRange range = from != null && to != null ? new StepRange(from, to) : store.metricSteps(runId, key);
        if (range == null) {
            return new Read(new MinMaxBuckets(0, 0, maxPoints).result(), null);
        }
        long lo = from == null ? range.first() : from;
        long hi = to == null ? range.last() : to;
        MinMaxBuckets buckets = new MinMaxBuckets(lo, hi, maxPoints);
        int wanted = maxPoints / 4; // blocks: each gives two points, and spans ≤ 2 buckets
        List<MetricBlock> blocks = wholeBlocks(store, runId, key, MetricBlock.COARSE, from, to, lo, hi);
        if (blocks.size() < wanted && blocks.stream().mapToLong(MetricBlock::values).sum() <= RAW_PER_POINT * maxPoints) {
            store.metricPoints(runId, key, from, to, buckets::add);
            return new Read(buckets.result(), range);
        }
        int size = MetricBlock.COARSE;
        if (blocks.size() < wanted) {
            size = MetricBlock.FINE;
            blocks = wholeBlocks(store, runId, key, size, from, to, lo, hi);
        }
        long[] read = {0};
        long firstStart = blocks.getFirst().block() * size;
        if (from != null && firstStart > lo) {
            store.metricPoints(runId, key, lo, firstStart - 1, (step, ts, value) -> {
                read[0] += Double.isNaN(value) ? 0 : 1;
                buckets.add(step, ts, value);
            });
        }
        for (MetricBlock b : blocks) {
            read[0] += b.values();
            if (!b.hasValues()) {
                continue;
            }
            boolean minFirst = b.minStep() < b.maxStep() || (b.minStep() == b.maxStep() && b.minTimestamp() <= b.maxTimestamp());
            if (b.minStep() == b.maxStep() && b.minTimestamp() == b.maxTimestamp() && b.minValue() == b.maxValue()) {
                buckets.add(b.minStep(), b.minTimestamp(), b.minValue()); // one point: its lowest is its highest
            } else if (minFirst) {
                buckets.add(b.minStep(), b.minTimestamp(), b.minValue());
                buckets.add(b.maxStep(), b.maxTimestamp(), b.maxValue());
            } else {
                buckets.add(b.maxStep(), b.maxTimestamp(), b.maxValue());
                buckets.add(b.minStep(), b.minTimestamp(), b.minValue());
            }
        }
        long lastEnd = blocks.getLast().block() * size + (size - 1);
        if (to != null && lastEnd < hi) {
            store.metricPoints(runId, key, lastEnd + 1, hi, (step, ts, value) -> {
                read[0] += Double.isNaN(value) ? 0 : 1;
                buckets.add(step, ts, value);
            });
        }
        MinMaxBuckets.Series s = buckets.result();
        return new Read(new MinMaxBuckets.Series(s.xs(), s.timestamps(), s.ys(), s.size() < read[0], read[0]), range);
    }

    /**
     * The blocks of {@code size} that lie wholly inside the range. An open end is the series' own first or last step,
     * so the block holding it has no points beyond it and counts as whole.
     */
    private static List<MetricBlock> wholeBlocks(TrackingStore store, String runId, String key, int size, Long from, Long to, long lo, long hi) {
        long first = Math.floorDiv(lo, size) + (from == null || Math.floorMod(lo, size) == 0 ? 0 : 1);
        long last = Math.floorDiv(hi, size) - (to == null || Math.floorMod(hi, size) == size - 1 ? 0 : 1);
        return store.metricBlocks(runId, key, size, first, last);
    }
}
