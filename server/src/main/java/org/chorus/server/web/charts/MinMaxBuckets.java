package org.chorus.server.web.charts;

import java.util.Arrays;

/**
 * Reduces a long series to at most {@code maxPoints} points while it is read, keeping every minimum and maximum:
 * the x range is cut into {@code maxPoints / 2} equal buckets and each keeps its lowest and its highest point, in the
 * order they came. A drawn line then reaches every peak and every trough the full series has (LTTB, by contrast, may
 * drop an extreme that sits beside a larger triangle). Series no longer than {@code maxPoints} come back unchanged.
 * NaN values are skipped (a chart cannot place them). Memory is {@code O(maxPoints)} however long the series.
 */
public final class MinMaxBuckets {
    /** About what a chart a few thousand pixels wide can show. */
    public static final int DEFAULT_POINTS = 2000;

    private final long lo;
    private final long hi;
    private final int maxPoints;
    private final Buffer raw;
    private Bucket[] buckets;
    private long seen;

    /** One point of a series: x, the time it was logged (epoch ms), y. */
    public record Point(long x, long timestamp, double y) {}

    /** The reduced series, in x order; {@code reduced} says whether points were dropped. */
    public record Series(long[] xs, long[] timestamps, double[] ys, boolean reduced, long pointsRead) {
        public int size() {
            return xs.length;
        }
    }

    /** Points will have x in {@code [lo, hi]} (values outside are clamped into the first or last bucket). */
    public MinMaxBuckets(long lo, long hi, int maxPoints) {
        if (maxPoints < 2) {
            throw new IllegalArgumentException("a series needs room for at least two points");
        }
        this.lo = lo;
        this.hi = Math.max(lo, hi);
        this.maxPoints = maxPoints;
        this.raw = new Buffer(maxPoints);
    }

    public void add(long x, long timestamp, double y) {
        if (Double.isNaN(y)) {
            return;
        }
        long order = seen++;
        if (buckets == null) {
            if (raw.size < maxPoints) {
                raw.add(x, timestamp, y);
                return;
            }
            buckets = new Bucket[maxPoints / 2];
            for (int i = 0; i < raw.size; i++) {
                bucket(raw.xs[i]).add(raw.xs[i], raw.timestamps[i], raw.ys[i], i);
            }
        }
        bucket(x).add(x, timestamp, y, order);
    }

    private Bucket bucket(long x) {
        double span = (double) hi - lo + 1;
        int i = (int) Math.min(buckets.length - 1, Math.max(0, Math.floor(((double) x - lo) / span * buckets.length)));
        Bucket b = buckets[i];
        if (b == null) {
            b = new Bucket();
            buckets[i] = b;
        }
        return b;
    }

    public Series result() {
        if (buckets == null) {
            return new Series(Arrays.copyOf(raw.xs, raw.size), Arrays.copyOf(raw.timestamps, raw.size), Arrays.copyOf(raw.ys, raw.size),
                    false, seen);
        }
        Buffer out = new Buffer(maxPoints);
        for (Bucket b : buckets) {
            if (b == null) {
                continue;
            }
            boolean minFirst = b.minOrder <= b.maxOrder;
            out.add(minFirst ? b.min : b.max);
            if (b.minOrder != b.maxOrder) {
                out.add(minFirst ? b.max : b.min);
            }
        }
        return new Series(Arrays.copyOf(out.xs, out.size), Arrays.copyOf(out.timestamps, out.size), Arrays.copyOf(out.ys, out.size),
                true, seen);
    }

    /** The lowest and highest point of one bucket, with the order they arrived in. */
    private static final class Bucket {
        Point min;
        Point max;
        long minOrder;
        long maxOrder;

        void add(long x, long timestamp, double y, long order) {
            if (min == null || y < min.y()) {
                min = new Point(x, timestamp, y);
                minOrder = order;
            }
            if (max == null || y > max.y()) {
                max = new Point(x, timestamp, y);
                maxOrder = order;
            }
        }
    }

    /** Parallel arrays of points, filled up to a fixed capacity. */
    private static final class Buffer {
        final long[] xs;
        final long[] timestamps;
        final double[] ys;
        int size;

        Buffer(int capacity) {
            xs = new long[capacity];
            timestamps = new long[capacity];
            ys = new double[capacity];
        }

        void add(long x, long timestamp, double y) {
            xs[size] = x;
            timestamps[size] = timestamp;
            ys[size] = y;
            size++;
        }

        void add(Point p) {
            add(p.x(), p.timestamp(), p.y());
        }
    }
}
