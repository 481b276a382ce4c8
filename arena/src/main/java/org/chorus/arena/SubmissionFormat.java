package org.chorus.arena;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.chorus.core.ChorusException;

/**
 * Checks a submission against the solution's shape and aligns it row by row: the header, one row per test id (none
 * unknown, none twice, none missing), every value of the right kind. The first problem is reported with its line
 * and column; a submission refused here is never stored nor counted against the daily cap.
 */
final class SubmissionFormat {
    private static final int MISSING_SHOWN = 3;

    private SubmissionFormat() {}

    /**
     * Checks a submission as it arrives (CSV, or Parquet recognised by its magic bytes) and returns the bytes to store:
     * the CSV as sent, or a Parquet file's rows as CSV, so that scoring and workers read one format.
     */
    static byte[] check(Solution solution, byte[] content) {
        if (!ParquetTable.is(content)) {
            align(solution, Csv.of("submission", content));
            return content;
        }
        ParquetTable.Rows rows = ParquetTable.read("submission", content, solution.rows());
        align(solution, rows);
        return rows.csv();
    }

    /** Aligns a stored submission (always CSV: see {@link #check}). */
    static Columns align(Solution solution, byte[] content) {
        return align(solution, Csv.of("submission", content));
    }

    private static Columns align(Solution solution, Records csv) {
        List<String> header = csv.next();
        String expected = solution.submissionHeader == null ? solution.idColumn + ",…" : String.join(",", solution.submissionHeader);
        if (header == null) {
            throw ChorusException.invalid("the submission is empty; it must start with the header " + expected);
        }
        if (solution.submissionHeader == null ? header.size() < 2 || !header.getFirst().equals(solution.idColumn)
                : !header.equals(solution.submissionHeader)) {
            throw ChorusException.invalid("wrong columns: expected " + expected + ", got "
                    + Csv.shorten(String.join(",", header)));
        }
        int n = solution.rows();
        int[] lineOf = new int[n];
        Aligner aligner = aligner(solution, header);
        for (List<String> row = csv.next(); row != null; row = csv.next()) {
            if (row.size() != header.size()) {
                throw csv.error(row.size() + " fields; expected " + header.size());
            }
            Integer at = solution.rowOf.get(row.get(0));
            if (at == null) {
                throw csv.error("id '" + Csv.shorten(row.get(0)) + "' is not in the test set");
            }
            if (lineOf[at] != 0) {
                throw csv.error("id '" + Csv.shorten(row.get(0)) + "' also appears on " + csv.where(lineOf[at]));
            }
            lineOf[at] = csv.line();
            aligner.put(at, row, csv);
        }
        // the examples are the smallest missing ids, not the first in row order: rows are in split order, public
        // first, and a refused file costs nothing, so naming rows in that order would give the split away
        TreeSet<String> missing = new TreeSet<>();
        int count = 0;
        for (int j = 0; j < n; j++) {
            if (lineOf[j] == 0) {
                count++;
                missing.add(solution.ids[j]);
                if (missing.size() > MISSING_SHOWN) {
                    missing.pollLast();
                }
            }
        }
        if (count > 0) {
            throw ChorusException.invalid("the submission has " + (n - count) + " rows; the test set has " + n + ": " + count
                    + " ids are missing, e.g. " + String.join(", ", missing.stream().map(id -> "'" + Csv.shorten(id) + "'").toList()));
        }
        return aligner.columns();
    }

    /** Fills one family's arrays as rows arrive in any order. */
    private interface Aligner {
        void put(int row, List<String> fields, Records csv);

        Columns columns();
    }

    private static Aligner aligner(Solution s, List<String> submissionHeader) {
        int n = s.rows();
        String column = s.target;
        return switch (s.metric.family()) {
            case LABELS -> new Aligner() {
                final int[] predicted = new int[n];
                final Map<String, Integer> extra = new HashMap<>();

                public void put(int row, List<String> f, Records csv) {
                    Integer k = s.classes.get(f.get(1));
                    predicted[row] = k != null ? k : extra.computeIfAbsent(f.get(1), x -> s.classes.size() + extra.size());
                }

                public Columns columns() {
                    return new Columns.Labels(s.labels, predicted, s.classes.size() + extra.size());
                }
            };
            case PROBABILITIES -> new Aligner() {
                final int width = s.binary() ? 1 : s.classes.size();
                final double[] predicted = new double[n * width];

                public void put(int row, List<String> f, Records csv) {
                    for (int k = 0; k < width; k++) {
                        String name = s.submissionHeader.get(k + 1);
                        double p = csv.number(f.get(k + 1), name);
                        if (p < 0 || p > 1) {
                            throw csv.error(name, p + " is not a probability in [0, 1]");
                        }
                        predicted[row * width + k] = p;
                    }
                }

                public Columns columns() {
                    return new Columns.Probabilities(s.labels, predicted, width);
                }
            };
            case VALUES -> new Aligner() {
                final double[] predicted = new double[n];

                public void put(int row, List<String> f, Records csv) {
                    predicted[row] = csv.number(f.get(1), column);
                }

                public Columns columns() {
                    return new Columns.Values(s.values, predicted);
                }
            };
            case CUSTOM -> new Aligner() {
                final String[][] submitted = new String[n][];

                public void put(int row, List<String> f, Records csv) {
                    submitted[row] = f.toArray(String[]::new);
                }

                public Columns columns() {
                    return new Columns.Rows(s.header, s.raw, List.copyOf(submissionHeader), submitted);
                }
            };
            case RANKINGS -> new Aligner() {
                final int[][] ranked = new int[n][];
                final Map<String, Integer> unknown = new HashMap<>();

                public void put(int row, List<String> f, Records csv) {
                    String field = f.get(1).strip();
                    String[] tokens = field.isEmpty() ? new String[0] : field.split("\\s+");
                    int[] ids = new int[tokens.length];
                    for (int t = 0; t < tokens.length; t++) {
                        Integer known = s.items.get(tokens[t]);
                        // items the solution never lists are never relevant: any id distinct from the known ones will do
                        ids[t] = known != null ? known : unknown.computeIfAbsent(tokens[t], x -> -1 - unknown.size());
                        for (int u = 0; u < t; u++) {
                            if (ids[u] == ids[t]) {
                                throw csv.error("item '" + Csv.shorten(tokens[t]) + "' is listed twice");
                            }
                        }
                    }
                    ranked[row] = ids;
                }

                public Columns columns() {
                    return new Columns.Rankings(s.relevant, s.gains, ranked);
                }
            };
        };
    }
}
