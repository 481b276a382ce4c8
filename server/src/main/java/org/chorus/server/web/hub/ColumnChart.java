package org.chorus.server.web.hub;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A column's distribution as small server-drawn bars (hub/columnChart.jte, inline SVG like the downloads chart): the
 * 10 bins of a number's (or a text's length) histogram, or the counts of a label column's values.
 */
public record ColumnChart(List<Bar> bars, String label) {
    static final int WIDTH = 120;
    static final int HEIGHT = 32;

    public record Bar(int x, int y, int width, int height, String label) {}

    /** From the counts and a label per bar; null when there is nothing to draw. */
    static ColumnChart of(List<Long> counts, List<String> labels, String what) {
        if (counts.isEmpty()) {
            return null;
        }
        long max = counts.stream().mapToLong(Long::longValue).max().orElse(0);
        int slot = WIDTH / counts.size();
        List<Bar> bars = new ArrayList<>();
        for (int i = 0; i < counts.size(); i++) {
            long n = counts.get(i);
            int h = max == 0 || n == 0 ? 0 : (int) Math.max(2, n * HEIGHT / max);
            bars.add(new Bar(i * slot, HEIGHT - h, Math.max(1, slot - 1), h, labels.get(i) + ": " + n));
        }
        return new ColumnChart(bars, what);
    }

    /** A histogram's bins, each labelled with its range. */
    static ColumnChart histogram(Map<?, ?> histogram, String what) {
        List<Long> counts = ((List<?>) histogram.get("hist")).stream().map(n -> ((Number) n).longValue()).toList();
        List<?> edges = (List<?>) histogram.get("bin_edges");
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < counts.size(); i++) {
            labels.add(Formats.number(edges.get(i)) + " – " + Formats.number(edges.get(Math.min(i + 1, edges.size() - 1))));
        }
        return of(counts, labels, what);
    }

    /** Label counts, most frequent first. */
    static ColumnChart frequencies(Map<?, ?> frequencies, String what) {
        List<Long> counts = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        frequencies.forEach((k, v) -> {
            labels.add(String.valueOf(k));
            counts.add(((Number) v).longValue());
        });
        return of(counts, labels, what);
    }

    public int width() {
        return WIDTH;
    }

    public int height() {
        return HEIGHT;
    }
}
