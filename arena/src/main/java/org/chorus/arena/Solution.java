package org.chorus.arena;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.chorus.core.ChorusException;

/**
 * A parsed solution: the hidden truth, its rows reordered so that the public split comes first. The split is a
 * shuffle by the competition's secret seed, so it is the same on every node and after every restart, and nobody
 * without the seed can tell which rows are public. Never leaves the server: routes see only its row counts.
 */
final class Solution {
    final String idColumn;
    final String target;
    /** The header a submission must have. */
    final List<String> submissionHeader;
    final Map<String, Integer> rowOf;
    final String[] ids;
    final int publicRows;
    final Metric metric;
    /** Class names in class-index order (labels and probabilities), items by interned id (rankings). */
    final Map<String, Integer> classes;
    final Map<String, Integer> items;
    final int[] labels;
    final double[] values;
    final int[][] relevant;
    final double[][] gains;
    /** Custom metrics: the solution's whole header and rows, in split order. */
    final List<String> header;
    final String[][] raw;

    private Solution(Builder b) {
        this.idColumn = b.idColumn;
        this.target = b.target;
        this.submissionHeader = b.header;
        this.rowOf = b.rowOf;
        this.ids = b.ids;
        this.publicRows = b.publicRows;
        this.metric = b.metric;
        this.classes = b.classes;
        this.items = b.items;
        this.labels = b.labels;
        this.values = b.values;
        this.relevant = b.relevant;
        this.gains = b.gains;
        this.header = b.fullHeader;
        this.raw = b.raw;
    }

    int rows() {
        return ids.length;
    }

    /** Whether the probabilities of a binary problem are one column (class "1"), not one per class. */
    boolean binary() {
        return classes.size() == 2 && classes.containsKey("0") && classes.containsKey("1");
    }

    private static final class Builder {
        String idColumn;
        String target;
        List<String> header;
        Map<String, Integer> rowOf;
        String[] ids;
        int publicRows;
        Metric metric;
        Map<String, Integer> classes = Map.of();
        Map<String, Integer> items = Map.of();
        int[] labels;
        double[] values;
        int[][] relevant;
        double[][] gains;
        List<String> fullHeader;
        String[][] raw;
    }

    /**
     * Parses {@code id,target} rows (custom metrics: the id column and any columns after it); INVALID_ARGUMENT with the
     * line for anything a scorer could not use.
     */
    static Solution parse(byte[] content, Metric metric, int publicPercent, long seed) {
        Csv csv = Csv.of("solution", content);
        List<String> header = csv.next();
        boolean custom = metric.byWorker();
        if (header == null || (custom ? header.size() < 2 : header.size() != 2) || header.stream().anyMatch(String::isBlank)) {
            throw ChorusException.invalid(custom
                    ? "the solution must start with a header: the id column, then at least one column for the scorer"
                    : "the solution must start with a header of two columns: the id column and the target column");
        }
        List<String> fileIds = new ArrayList<>();
        List<String> targets = new ArrayList<>();
        List<String[]> rows = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (List<String> row = csv.next(); row != null; row = csv.next()) {
            if (row.size() != header.size()) {
                throw csv.error(row.size() + " fields; expected " + header.size());
            }
            Integer earlier = seen.put(row.get(0), csv.line());
            if (earlier != null) {
                throw csv.error("id '" + Csv.shorten(row.get(0)) + "' also appears on line " + earlier);
            }
            if (metric.family() == Metric.Family.VALUES) {
                csv.number(row.get(1), header.get(1));
            }
            fileIds.add(row.get(0));
            targets.add(row.get(1));
            if (custom) {
                rows.add(row.toArray(String[]::new));
            }
        }
        int n = fileIds.size();
        if (n < 2) {
            throw ChorusException.invalid("the solution needs at least 2 rows, one per split");
        }
        int[] order = shuffle(n, seed);
        Builder b = new Builder();
        b.metric = metric;
        b.idColumn = header.get(0);
        b.target = header.get(1);
        b.publicRows = Math.max(1, Math.min(n - 1, (int) Math.round(n * publicPercent / 100.0)));
        b.ids = new String[n];
        b.rowOf = new HashMap<>(n * 2);
        for (int j = 0; j < n; j++) {
            b.ids[j] = fileIds.get(order[j]);
            b.rowOf.put(b.ids[j], j);
        }
        b.header = List.of(b.idColumn, b.target);
        switch (metric.family()) {
            case LABELS, PROBABILITIES -> {
                TreeSet<String> names = new TreeSet<>(targets);
                if (metric.family() == Metric.Family.PROBABILITIES && names.size() < 2) {
                    throw ChorusException.invalid("the solution's column '" + b.target + "' needs at least two classes for " + metric.wire());
                }
                b.classes = new HashMap<>();
                for (String name : names) {
                    b.classes.put(name, b.classes.size());
                }
                b.labels = new int[n];
                for (int j = 0; j < n; j++) {
                    b.labels[j] = b.classes.get(targets.get(order[j]));
                }
                boolean binary = names.size() == 2 && names.contains("0") && names.contains("1");
                if (metric.family() == Metric.Family.PROBABILITIES && !binary) {
                    List<String> h = new ArrayList<>();
                    h.add(b.idColumn);
                    h.addAll(names);
                    b.header = List.copyOf(h);
                }
            }
            case VALUES -> {
                b.values = new double[n];
                for (int j = 0; j < n; j++) {
                    b.values[j] = Double.parseDouble(targets.get(order[j]).strip());
                }
            }
            case CUSTOM -> {
                b.header = null; // any columns after the id column: the scorer reads them
                b.fullHeader = List.copyOf(header);
                b.raw = new String[n][];
                for (int j = 0; j < n; j++) {
                    b.raw[j] = rows.get(order[j]);
                }
            }
            case RANKINGS -> {
                b.items = new HashMap<>();
                b.relevant = new int[n][];
                b.gains = new double[n][];
                for (int j = 0; j < n; j++) {
                    parseRelevant(b, j, targets.get(order[j]), fileIds.get(order[j]));
                }
            }
        }
        return new Solution(b);
    }

    /** Space-separated relevant items, each {@code item} (gain 1) or {@code item:gain} with a gain ≥ 0. */
    private static void parseRelevant(Builder b, int row, String field, String id) {
        String[] tokens = field.isBlank() ? new String[0] : field.strip().split("\\s+");
        b.relevant[row] = new int[tokens.length];
        b.gains[row] = new double[tokens.length];
        for (int t = 0; t < tokens.length; t++) {
            int colon = tokens[t].lastIndexOf(':');
            String item = colon < 0 ? tokens[t] : tokens[t].substring(0, colon);
            double gain = 1;
            if (colon >= 0) {
                try {
                    gain = Double.parseDouble(tokens[t].substring(colon + 1));
                } catch (NumberFormatException e) {
                    gain = Double.NaN;
                }
                if (!(gain >= 0) || Double.isInfinite(gain)) {
                    throw ChorusException.invalid("solution, id '" + Csv.shorten(id) + "': the gain of '" + Csv.shorten(item) + "' must be a number ≥ 0");
                }
            }
            int interned = b.items.computeIfAbsent(item, k -> b.items.size());
            for (int u = 0; u < t; u++) {
                if (b.relevant[row][u] == interned) {
                    throw ChorusException.invalid("solution, id '" + Csv.shorten(id) + "': item '" + Csv.shorten(item) + "' is listed twice");
                }
            }
            b.relevant[row][t] = interned;
            b.gains[row][t] = gain;
        }
    }

    /** A permutation of {@code 0..n-1} fixed by the seed (Fisher-Yates over java.util.Random, the same on every JVM). */
    private static int[] shuffle(int n, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Random random = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
