package org.chorus.server.web.fl;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.chorus.server.fl.TaskRounds;

/**
 * Accuracy and loss per round drawn on the server as SVG polylines (a task has at most a few thousand rounds, so no
 * chart library and no script): x is the round over {@code 1…rounds}, y each series scaled to its own maximum (both
 * start at 0), with the values in each point's title for hover.
 */
public record RoundChart(int width, int height, List<Series> series, int rounds) {
    static final int WIDTH = 600;
    static final int HEIGHT = 160;
    private static final int PAD = 8;

    /** {@code points}: the SVG polyline's "x,y …"; {@code dots} for the hover titles; {@code max} the top of the y axis. */
    public record Series(String name, String cssClass, String points, List<Dot> dots, double max) {}

    public record Dot(double x, double y, String label) {}

    static RoundChart of(List<TaskRounds.Round> rounds, int plannedRounds) {
        int n = Math.max(plannedRounds, rounds.stream().mapToInt(TaskRounds.Round::round).max().orElse(1));
        List<Series> series = new ArrayList<>();
        add(series, "accuracy", "series-1", rounds, TaskRounds.Round::accuracy, n);
        add(series, "loss", "series-2", rounds, TaskRounds.Round::loss, n);
        return new RoundChart(WIDTH, HEIGHT, series, n);
    }

    private static void add(List<Series> out, String name, String cssClass, List<TaskRounds.Round> rounds, Function<TaskRounds.Round, Double> value,
                            int n) {
        double max = rounds.stream().map(value).filter(v -> v != null && Double.isFinite(v)).mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        if (Double.isNaN(max)) {
            return;
        }
        double top = max <= 0 ? 1 : max;
        StringBuilder points = new StringBuilder();
        List<Dot> dots = new ArrayList<>();
        for (TaskRounds.Round r : rounds) {
            Double v = value.apply(r);
            if (v == null || !Double.isFinite(v)) {
                continue;
            }
            double x = PAD + (n <= 1 ? 0 : (r.round() - 1) * (WIDTH - 2.0 * PAD) / (n - 1));
            double y = HEIGHT - PAD - Math.max(0, v) / top * (HEIGHT - 2.0 * PAD);
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            dots.add(new Dot(Math.round(x * 10) / 10.0, Math.round(y * 10) / 10.0, String.format(Locale.ROOT, "round %d: %s %.4f", r.round(), name, v)));
        }
        out.add(new Series(name, cssClass, points.toString().trim(), dots, max));
    }
}
