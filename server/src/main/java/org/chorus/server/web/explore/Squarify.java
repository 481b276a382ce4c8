package org.chorus.server.web.explore;

import java.util.ArrayList;
import java.util.List;

/**
 * The squarified treemap layout (Bruls, Huizing and van Wijk, 2000): values, largest first, are laid in rows along
 * the shorter side of the space left, a value joining the current row while that does not worsen the row's worst
 * aspect ratio. Each rectangle's area is its value's share of the whole; rectangles tile the area without overlap.
 */
final class Squarify {
    /** A rectangle of the layout: position and size in the area's units. */
    record Rect(double x, double y, double w, double h) {}

    private Squarify() {}

    /**
     * One rectangle per value, in the values' order; {@code values} must be sorted largest first, each ≥ 0 (a zero
     * gets an empty rectangle). An area with no positive value gets only empty rectangles.
     */
    static List<Rect> layout(List<Double> values, Rect area) {
        double total = values.stream().mapToDouble(Double::doubleValue).sum();
        List<Rect> out = new ArrayList<>(values.size());
        if (total <= 0 || area.w() <= 0 || area.h() <= 0) {
            values.forEach(v -> out.add(new Rect(area.x(), area.y(), 0, 0)));
            return out;
        }
        double scale = area.w() * area.h() / total;
        Rect free = area;
        List<Double> row = new ArrayList<>();
        for (double value : values) {
            double a = value * scale;
            double side = Math.min(free.w(), free.h());
            if (row.isEmpty() || worst(row, a, side) <= worst(row, -1, side)) {
                row.add(a);
            } else {
                free = place(row, free, out);
                row.clear();
                row.add(a);
            }
        }
        place(row, free, out);
        return out;
    }

    /** The worst aspect ratio of the row's rectangles (with {@code extra} added when ≥ 0) laid along a side of {@code side}. */
    private static double worst(List<Double> row, double extra, double side) {
        double sum = extra >= 0 ? extra : 0;
        double max = Math.max(extra, 0);
        double min = extra >= 0 ? extra : Double.MAX_VALUE;
        for (double a : row) {
            sum += a;
            max = Math.max(max, a);
            min = Math.min(min, a);
        }
        if (min <= 0) {
            return Double.MAX_VALUE;
        }
        double s2 = sum * sum;
        double w2 = side * side;
        return Math.max(w2 * max / s2, s2 / (w2 * min));
    }

    /** Lays the row along the shorter side of {@code free}, appends its rectangles, and returns the space left. */
    private static Rect place(List<Double> row, Rect free, List<Rect> out) {
        double sum = row.stream().mapToDouble(Double::doubleValue).sum();
        if (free.w() >= free.h()) { // a column on the left
            double width = free.h() > 0 ? sum / free.h() : 0;
            double y = free.y();
            for (double a : row) {
                double h = width > 0 ? a / width : 0;
                out.add(new Rect(free.x(), y, width, h));
                y += h;
            }
            return new Rect(free.x() + width, free.y(), Math.max(0, free.w() - width), free.h());
        }
        double height = free.w() > 0 ? sum / free.w() : 0; // a row on top
        double x = free.x();
        for (double a : row) {
            double w = height > 0 ? a / height : 0;
            out.add(new Rect(x, free.y(), w, height));
            x += w;
        }
        return new Rect(free.x(), free.y() + height, free.w(), Math.max(0, free.h() - height));
    }
}
