package org.chorus.server.web.arena;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.chorus.arena.ArenaReads;

/**
 * The public leaderboard's history drawn on the server as SVG polylines (as the federated task's round chart: no chart
 * library, no script): x is time from the first submission to the last, y the score between the lowest and highest
 * shown, one line per top team, each point titled with its team, time and score for hover.
 */
public record ScoreChart(int width, int height, List<Series> series, double low, double high) {
    static final int WIDTH = 600;
    static final int HEIGHT = 180;
    static final int TEAMS = 5;
    private static final int PAD = 8;

    public record Series(String team, String cssClass, String points, List<Dot> dots) {}

    public record Dot(double x, double y, String label) {}

    static ScoreChart of(List<ArenaReads.History> histories) {
        List<ArenaReads.Point> all = histories.stream().flatMap(h -> h.points().stream()).toList();
        if (all.isEmpty()) {
            return new ScoreChart(WIDTH, HEIGHT, List.of(), 0, 0);
        }
        long first = all.stream().map(ArenaReads.Point::at).min(Instant::compareTo).orElseThrow().toEpochMilli();
        long last = all.stream().map(ArenaReads.Point::at).max(Instant::compareTo).orElseThrow().toEpochMilli();
        double low = all.stream().mapToDouble(ArenaReads.Point::score).min().orElseThrow();
        double high = all.stream().mapToDouble(ArenaReads.Point::score).max().orElseThrow();
        double span = high > low ? high - low : 1;
        List<Series> series = new ArrayList<>();
        for (int i = 0; i < histories.size(); i++) {
            ArenaReads.History h = histories.get(i);
            StringBuilder points = new StringBuilder();
            List<Dot> dots = new ArrayList<>();
            for (ArenaReads.Point p : h.points()) {
                double x = PAD + (last == first ? (WIDTH - 2.0 * PAD) / 2 : (p.at().toEpochMilli() - first) * (WIDTH - 2.0 * PAD) / (last - first));
                double y = HEIGHT - PAD - (high > low ? (p.score() - low) / span : 0.5) * (HEIGHT - 2.0 * PAD);
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
                dots.add(new Dot(Math.round(x * 10) / 10.0, Math.round(y * 10) / 10.0, h.team() + ", " + p.at() + ": " + ArenaViews.score(p.score())));
            }
            series.add(new Series(h.team(), "series-" + (i + 1), points.toString().trim(), dots));
        }
        return new ScoreChart(WIDTH, HEIGHT, series, low, high);
    }
}
