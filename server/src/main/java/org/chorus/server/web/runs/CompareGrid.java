package org.chorus.server.web.runs;

import java.util.Arrays;
import org.chorus.server.web.charts.MinMaxBuckets;

/**
 * Lays the reduced series of many runs on one shared x grid, so a chart of 100 runs carries one x array rather than
 * the union of 100 runs' own steps (up to every step). The step range {@code [lo, hi]} is cut into at most
 * {@code cells} equal cells; each cell keeps a run's lowest and highest point in the order they were logged, at the
 * cell's start and middle. A range shorter than {@code cells} steps gets one cell per step: exact steps.
 */
final class CompareGrid {
    private final long lo;
    private final double width;
    private final int cells;

    CompareGrid(long lo, long hi, int maxCells) {
        long span = hi - lo + 1;
        this.lo = lo;
        this.cells = (int) Math.max(1, Math.min(maxCells, span));
        this.width = (double) span / cells;
    }

    /** The run's values at the grid's 2 × cells positions: {@code NaN} where it has none. */
    double[] lay(MinMaxBuckets.Series s) {
        double[] out = new double[2 * cells];
        Arrays.fill(out, Double.NaN);
        int[] low = new int[cells];
        int[] high = new int[cells];
        Arrays.fill(low, -1);
        Arrays.fill(high, -1);
        long[] xs = s.xs();
        double[] ys = s.ys();
        for (int i = 0; i < xs.length; i++) {
            if (Double.isNaN(ys[i])) {
                continue;
            }
            int c = cell(xs[i]);
            if (low[c] < 0 || ys[i] < ys[low[c]]) {
                low[c] = i;
            }
            if (high[c] < 0 || ys[i] > ys[high[c]]) {
                high[c] = i;
            }
        }
        for (int c = 0; c < cells; c++) {
            if (low[c] < 0) {
                continue;
            }
            int first = Math.min(low[c], high[c]);
            int second = Math.max(low[c], high[c]);
            out[2 * c] = ys[first];
            if (second != first) {
                out[2 * c + 1] = ys[second];
            }
        }
        return out;
    }

    /** The x (step) of grid position {@code i}: a cell's start, then its middle. */
    double x(int i) {
        double start = lo + (i / 2) * width;
        return i % 2 == 0 ? start : start + width / 2;
    }

    int positions() {
        return 2 * cells;
    }

    private int cell(long x) {
        return (int) Math.min(cells - 1, Math.max(0, (long) ((x - lo) / width)));
    }
}
