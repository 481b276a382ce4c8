package org.chorus.server.web.account;

import java.util.ArrayList;
import java.util.List;
import org.chorus.hub.repos.DayCount;

/**
 * Commits per day over the last year as a calendar (a column per week, Sunday on top, as on GitHub profiles), drawn
 * as inline SVG by account/heatmap.jte. Levels 0..4 map to the sequential scale of the CSS tokens; 0 is a day without
 * commits, which is a colour of its own (days outside the range are not drawn at all).
 */
public record Heatmap(List<Cell> cells, int width, int height, long total, String from, String to) {
    static final int STEP = 12;
    static final int SIZE = 10;

    /** One day: its square, its level on the scale, and the text shown on hover. */
    public record Cell(int x, int y, int level, String label) {}

    public static Heatmap of(List<DayCount> days) {
        long max = days.stream().mapToLong(DayCount::count).max().orElse(0);
        int offset = days.isEmpty() ? 0 : days.getFirst().day().getDayOfWeek().getValue() % 7; // Sunday = 0
        List<Cell> cells = new ArrayList<>();
        for (int i = 0; i < days.size(); i++) {
            DayCount d = days.get(i);
            int slot = i + offset;
            int level = level(d.count(), max);
            cells.add(new Cell(slot / 7 * STEP, slot % 7 * STEP, level,
                    d.day() + ": " + d.count() + (d.count() == 1 ? " commit" : " commits")));
        }
        int weeks = (days.size() + offset + 6) / 7;
        return new Heatmap(cells, weeks * STEP, 7 * STEP, days.stream().mapToLong(DayCount::count).sum(),
                days.isEmpty() ? "" : days.getFirst().day().toString(), days.isEmpty() ? "" : days.getLast().day().toString());
    }

    /** A count's level on the 0..4 scale whose top is {@code max}: 0 only for none, 1..4 in quarters of {@code max}. */
    public static int level(long count, long max) {
        return count == 0 ? 0 : (int) Math.min(4, Math.max(1, (count * 4 + max - 1) / max));
    }

    public int size() {
        return SIZE;
    }
}
