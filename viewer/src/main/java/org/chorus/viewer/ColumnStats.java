package org.chorus.viewer;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chorus.viewer.DatasetViewer.ColumnStatistics;
import org.chorus.viewer.DuckRunner.Duck;
import org.chorus.viewer.SplitSchema.Column;

/**
 * Per-column statistics in the Hub's shapes, in three passes over the split whatever its width: one for every
 * column's counts, extremes, mean, median and standard deviation (numbers; string lengths for free text), one for
 * every 10-bin histogram, and one group-by per low-cardinality string column (at most {@link #MAX_LABELS} values:
 * {@code string_label} with each value's count). The median is DuckDB's {@code approx_quantile} (a t-digest): exact
 * medians hold every value in memory, which the memory limit does not allow on large splits.
 */
final class ColumnStats {
    static final int MAX_LABELS = 30;
    private static final int BINS = 10;

    private ColumnStats() {}

    /** What a column is summarised as, and the numeric expression its summary and histogram read. */
    private record Target(Column column, String type, String expr) {}

    static List<ColumnStatistics> compute(Duck duck, String source, SplitSchema schema) throws SQLException {
        long n = schema.numRows();
        List<Target> targets = new ArrayList<>();
        List<String> aggregates = new ArrayList<>();
        for (Column c : schema.columns()) {
            String q = c.quoted();
            switch (c.kind()) {
                case INT -> targets.add(new Target(c, "int", "CAST(" + q + " AS DOUBLE)"));
                case FLOAT -> targets.add(new Target(c, "float", "CASE WHEN isfinite(CAST(" + q + " AS DOUBLE)) THEN CAST(" + q + " AS DOUBLE) END"));
                case BOOL -> targets.add(new Target(c, "bool", q));
                case STRING -> targets.add(new Target(c, "string", "CAST(length(" + q + ") AS DOUBLE)"));
                default -> { }
            }
        }
        for (Target t : targets) {
            String q = t.column().quoted();
            if (t.type().equals("bool")) {
                aggregates.add("count(" + q + ")");
                aggregates.add("count_if(" + q + ")");
            } else {
                aggregates.add("count(" + q + ")");
                for (String f : List.of("min", "max", "avg")) {
                    aggregates.add(f + "(" + t.expr() + ")");
                }
                aggregates.add("approx_quantile(" + t.expr() + ", 0.5)");
                aggregates.add("stddev_samp(" + t.expr() + ")");
                aggregates.add(t.type().equals("string") ? "approx_count_distinct(" + q + ")" : "0");
            }
        }
        if (targets.isEmpty()) {
            return List.of();
        }
        Object[] summary = duck.one("SELECT " + String.join(", ", aggregates) + " FROM " + source, List.of());
        List<Map<String, Object>> stats = new ArrayList<>();
        List<String> types = new ArrayList<>();
        List<String> histogramParts = new ArrayList<>();
        List<Object> histogramParams = new ArrayList<>();
        List<double[]> ranges = new ArrayList<>();
        int at = 0;
        for (Target t : targets) {
            Map<String, Object> s = new LinkedHashMap<>();
            long present = ((Number) summary[at++]).longValue();
            s.put("nan_count", n - present);
            s.put("nan_proportion", n == 0 ? 0.0 : round((double) (n - present) / n));
            if (t.type().equals("bool")) {
                long trues = ((Number) summary[at++]).longValue();
                Map<String, Object> freq = new LinkedHashMap<>();
                freq.put("True", trues);
                freq.put("False", present - trues);
                s.put("frequencies", freq);
                stats.add(s);
                types.add("bool");
                ranges.add(null);
                continue;
            }
            Double min = number(summary[at++]);
            Double max = number(summary[at++]);
            Double mean = number(summary[at++]);
            Double median = number(summary[at++]);
            Double std = number(summary[at++]);
            long distinct = ((Number) summary[at++]).longValue();
            String type = t.type();
            if (type.equals("string")) {
                type = distinct <= MAX_LABELS ? "string_label" : "string_text";
            }
            types.add(type);
            if (type.equals("string_label")) {
                stats.add(s);
                ranges.add(null);
                continue;
            }
            boolean integral = type.equals("int") || type.equals("string_text");
            s.put("min", integral && min != null ? (Object) min.longValue() : min);
            s.put("max", integral && max != null ? (Object) max.longValue() : max);
            s.put("mean", mean == null ? null : round(mean));
            s.put("median", median == null ? null : round(median));
            s.put("std", std == null ? null : round(std));
            stats.add(s);
            if (min == null || max == null) {
                ranges.add(null);
                continue;
            }
            ranges.add(new double[] {min, max});
            double width = (max - min) / BINS;
            String bucket = width == 0 ? "0" : "least(CAST(floor((" + t.expr() + " - ?) / ?) AS BIGINT), " + (BINS - 1) + ")";
            for (int b = 0; b < BINS; b++) {
                histogramParts.add("count(*) FILTER (WHERE " + t.expr() + " IS NOT NULL AND " + bucket + " = " + b + ")");
                if (width != 0) {
                    histogramParams.add(min);
                    histogramParams.add(width);
                }
            }
        }
        Object[] hist = histogramParts.isEmpty() ? new Object[0]
                : duck.one("SELECT " + String.join(", ", histogramParts) + " FROM " + source, histogramParams);
        int h = 0;
        List<ColumnStatistics> out = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            Map<String, Object> s = stats.get(i);
            double[] range = ranges.get(i);
            if (range != null) {
                s.put("histogram", histogram(hist, h, range, types.get(i)));
                h += BINS;
            }
            if (types.get(i).equals("string_label")) {
                labels(duck, source, targets.get(i).column(), s);
            }
            out.add(new ColumnStatistics(targets.get(i).column().name(), types.get(i), s));
        }
        return out;
    }

    private static Map<String, Object> histogram(Object[] counts, int from, double[] range, String type) {
        List<Long> hist = new ArrayList<>();
        List<Object> edges = new ArrayList<>();
        boolean single = range[0] == range[1];
        for (int b = 0; b < BINS; b++) {
            long count = ((Number) counts[from + b]).longValue();
            if (!single || b == 0) {
                hist.add(count);
            }
        }
        int bins = single ? 1 : BINS;
        for (int b = 0; b <= bins; b++) {
            double edge = single ? range[0] : b == bins ? range[1] : range[0] + (range[1] - range[0]) * b / BINS;
            edges.add(type.equals("float") ? (Object) round(edge) : (Object) edge);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("hist", hist);
        out.put("bin_edges", edges);
        return out;
    }

    private static void labels(Duck duck, String source, Column c, Map<String, Object> s) throws SQLException {
        List<Object[]> rows = duck.query("SELECT " + c.quoted() + ", count(*) AS n FROM " + source + " WHERE " + c.quoted()
                + " IS NOT NULL GROUP BY 1 ORDER BY n DESC, 1 LIMIT " + (MAX_LABELS + 1), List.of());
        Map<String, Object> freq = new LinkedHashMap<>();
        for (Object[] r : rows) {
            freq.put(String.valueOf(r[0]), ((Number) r[1]).longValue());
        }
        s.put("no_label_count", 0);
        s.put("no_label_proportion", 0.0);
        s.put("n_unique", freq.size());
        s.put("frequencies", freq);
    }

    private static Double number(Object v) {
        return v == null ? null : ((Number) v).doubleValue();
    }

    private static double round(double v) {
        return Math.round(v * 100_000d) / 100_000d;
    }
}
