package org.chorus.server.web.explore;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.chorus.discovery.Explorers;
import org.chorus.discovery.Explorers.Measure;
import org.chorus.server.web.Format;
import org.chorus.server.web.explore.Squarify.Rect;

/**
 * ModelVerse's treemap as explore/treemap.jte draws it in SVG: one tile per organisation sized by the measure
 * ({@link Squarify}), its models' tasks tiled inside it under a label strip. The ten largest tasks over the map
 * get a colour each ({@code task-0} … {@code task-9}), the rest one grey, so a task has one colour across tiles.
 * Laid out twice, for a wide box and a narrow one; the stylesheet shows the one that fits the screen (a 960 px map
 * on a phone showed its largest tile alone until scrolled sideways).
 */
public record TreemapView(List<Layout> layouts, List<Legend> legend) {
    /** The map tiled in a box of {@code width} × {@code height}; {@code name} is its class, wide or narrow. */
    public record Layout(String name, int width, int height, List<OrgTile> organizations) {}

    private record Box(String name, int width, int height) {}

    private static final List<Box> BOXES = List.of(new Box("wide", 960, 520), new Box("narrow", 360, 560));
    private static final int LABEL = 16;
    private static final int COLOURS = 10;

    /** An organisation's tile: where, its label (null when the tile is too small for one), its link and hover text. */
    public record OrgTile(String x, String y, String w, String h, String label, String labelX, String labelY, String href,
                          String title, List<TaskTile> tasks) {}

    public record TaskTile(String x, String y, String w, String h, String colour, String title) {}

    public record Legend(String task, String colour) {}

    static TreemapView of(List<Explorers.Profile> all, Measure by, Function<String, String> orgHref) {
        // an organisation or task with none of the measure would be a tile of no size (for an organisation a link no one
        // sees, yet focusable) and, for a task, a legend entry for a colour the map does not show
        List<Explorers.Profile> profiles = all.stream().filter(p -> by.of(p.totals()) > 0)
                .map(p -> new Explorers.Profile(p.totals(), p.tasks().stream().filter(t -> t.of(by) > 0).toList())).toList();
        Map<String, Long> taskTotals = new HashMap<>();
        profiles.forEach(p -> p.tasks().forEach(t -> taskTotals.merge(t.task(), t.of(by), Long::sum)));
        Map<String, String> colours = new LinkedHashMap<>();
        taskTotals.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry::getKey))
                .forEach(e -> colours.put(e.getKey(), colours.size() < COLOURS ? "task-" + colours.size() : "task-other"));
        List<Legend> legend = colours.entrySet().stream().filter(e -> !e.getValue().equals("task-other"))
                .map(e -> new Legend(e.getKey(), e.getValue())).toList();
        return new TreemapView(BOXES.stream().map(b -> new Layout(b.name(), b.width(), b.height(),
                tiles(profiles, by, orgHref, colours, new Rect(0, 0, b.width(), b.height())))).toList(), legend);
    }

    /** Whether there is nothing to draw: no organisation has any of the measure (no downloads yet, say). */
    public boolean isEmpty() {
        return layouts.getFirst().organizations().isEmpty();
    }

    private static List<OrgTile> tiles(List<Explorers.Profile> profiles, Measure by, Function<String, String> orgHref, Map<String, String> colours,
            Rect box) {
        List<Rect> outer = Squarify.layout(profiles.stream().map(p -> (double) by.of(p.totals())).toList(), box);
        List<OrgTile> tiles = new ArrayList<>();
        for (int i = 0; i < profiles.size(); i++) {
            Explorers.Profile p = profiles.get(i);
            Rect r = outer.get(i);
            boolean labelled = r.h() > LABEL * 2 && r.w() > 48;
            Rect inner = new Rect(r.x() + 1, r.y() + (labelled ? LABEL : 1), Math.max(0, r.w() - 2), Math.max(0, r.h() - (labelled ? LABEL + 1 : 2)));
            List<Rect> inside = Squarify.layout(p.tasks().stream().map(t -> (double) t.of(by)).toList(), inner);
            List<TaskTile> tasks = new ArrayList<>();
            for (int j = 0; j < inside.size(); j++) {
                Rect t = inside.get(j);
                Explorers.TaskShare share = p.tasks().get(j);
                tasks.add(new TaskTile(n(t.x()), n(t.y()), n(t.w()), n(t.h()), colours.get(share.task()),
                        p.totals().name() + " · " + share.task() + ": " + amount(share.of(by), by)));
            }
            tiles.add(new OrgTile(n(r.x()), n(r.y()), n(r.w()), n(r.h()), labelled ? p.totals().name() : null, n(r.x() + 4), n(r.y() + 12),
                    orgHref.apply(p.totals().name()), p.totals().name() + ": " + amount(by.of(p.totals()), by), tasks));
        }
        return tiles;
    }

    private static String amount(long value, Measure by) {
        return Format.count(value) + " " + by.wire();
    }

    private static String n(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
