package org.chorus.server.web.hub;

import java.util.ArrayList;
import java.util.List;
import org.chorus.hub.repos.DayCount;

/**
 * Downloads per day as a bar chart drawn by the server (hub/downloads.jte renders it as inline SVG: no script, no
 * chart library). Geometry is computed here in SVG user units so the template only places rectangles.
 */
public record DownloadChart(List<Bar> bars, long total, long max, String firstDay, String lastDay) {
    static final int WIDTH = 300;
    static final int HEIGHT = 60;

    /** One day: its rectangle and the text shown on hover ({@code <title>}). */
    public record Bar(int x, int y, int width, int height, String label) {}

    static DownloadChart of(List<DayCount> days) {
        long max = days.stream().mapToLong(DayCount::count).max().orElse(0);
        long total = days.stream().mapToLong(DayCount::count).sum();
        int slot = days.isEmpty() ? WIDTH : WIDTH / days.size();
        List<Bar> bars = new ArrayList<>();
        for (int i = 0; i < days.size(); i++) {
            DayCount d = days.get(i);
            // a day with downloads is at least 2 units high, so one download among thousands still shows
            int h = max == 0 || d.count() == 0 ? 0 : (int) Math.max(2, d.count() * HEIGHT / max);
            bars.add(new Bar(i * slot, HEIGHT - h, Math.max(1, slot - 2), h,
                    d.day() + ": " + d.count() + (d.count() == 1 ? " download" : " downloads")));
        }
        return new DownloadChart(bars, total, max, days.isEmpty() ? "" : days.getFirst().day().toString(),
                days.isEmpty() ? "" : days.getLast().day().toString());
    }

    public int width() {
        return WIDTH;
    }

    public int height() {
        return HEIGHT;
    }
}
