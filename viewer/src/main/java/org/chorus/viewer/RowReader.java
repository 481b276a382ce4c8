package org.chorus.viewer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chorus.viewer.DatasetViewer.Row;
import org.chorus.viewer.SplitSchema.Column;

/**
 * Turns a split's rows into JSON-ready cells: nested values through DuckDB's {@code to_json}, dates and other types as
 * their text, blobs as their size, and strings cut in SQL at {@link #CELL_CHARS} (the cut cells are listed in the row's
 * {@code truncated_cells}), so no single cell can make a page large.
 */
final class RowReader {
    /** Longest string cell a page carries (characters). */
    static final int CELL_CHARS = 10_000;
    /** {@code first-rows} answers at most this many bytes of rows, as the Hub does. */
    static final int FIRST_ROWS_BYTES = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private RowReader() {}

    /** The select list: one expression per column, in schema order, named as the column. */
    static String projection(SplitSchema schema) {
        List<String> parts = new ArrayList<>();
        for (Column c : schema.columns()) {
            String q = c.quoted();
            String expr = switch (c.kind()) {
                case INT, BOOL -> c.duckType().equalsIgnoreCase("UBIGINT") ? "CAST(" + q + " AS VARCHAR)" : q;
                case FLOAT -> "CAST(" + q + " AS DOUBLE)";
                case STRING -> "left(" + q + ", " + (CELL_CHARS + 1) + ")";
                case NESTED -> "CAST(to_json(" + q + ") AS VARCHAR)";
                case BINARY -> "CASE WHEN " + q + " IS NULL THEN NULL ELSE 'binary, ' || octet_length(" + q + ") || ' bytes' END";
                case OTHER -> "CAST(" + q + " AS VARCHAR)";
            };
            parts.add(expr + " AS " + q);
        }
        return String.join(", ", parts);
    }

    /** Rows from the projection; {@code firstIndex} is the first row's {@code row_idx} when no index column is read. */
    static List<Row> rows(SplitSchema schema, List<Object[]> raw, long firstIndex, boolean indexFirst) {
        List<Row> rows = new ArrayList<>(raw.size());
        int shift = indexFirst ? 1 : 0;
        for (int r = 0; r < raw.size(); r++) {
            Object[] values = raw.get(r);
            Map<String, Object> row = new LinkedHashMap<>();
            List<String> truncated = new ArrayList<>();
            for (int i = 0; i < schema.columns().size(); i++) {
                Column c = schema.columns().get(i);
                Object v = values[i + shift];
                if (v instanceof String s && c.kind() == SplitSchema.Kind.STRING && s.length() > CELL_CHARS) {
                    v = s.substring(0, CELL_CHARS);
                    truncated.add(c.name());
                }
                row.put(c.name(), cell(c, v));
            }
            long index = indexFirst ? ((Number) values[0]).longValue() : firstIndex + r;
            rows.add(new Row(index, row, truncated));
        }
        return rows;
    }

    private static Object cell(Column c, Object v) {
        if (v == null) {
            return null;
        }
        if (c.kind() == SplitSchema.Kind.NESTED) {
            try {
                return JSON.readTree((String) v);
            } catch (JsonProcessingException e) {
                return v;
            }
        }
        return switch (v) {
            case Double d when d.isNaN() || d.isInfinite() -> d.toString();
            case Float f when f.isNaN() || f.isInfinite() -> f.toString();
            case BigDecimal d -> d.doubleValue();
            case String s -> s;
            case Number n -> n;
            case Boolean b -> b;
            default -> v.toString();
        };
    }

    /**
     * Fits rows into {@link #FIRST_ROWS_BYTES}: string cells are cut shorter (1,000 then 100 characters, each cut listed)
     * and, if that is not enough, rows are dropped from the end; {@code truncated} says rows were dropped.
     */
    record Fitted(List<Row> rows, boolean truncated) {}

    static Fitted fit(List<Row> rows) {
        List<Row> current = rows;
        for (int cut : new int[] {1_000, 100}) {
            if (bytes(current) <= FIRST_ROWS_BYTES) {
                return new Fitted(current, false);
            }
            current = current.stream().map(r -> cutCells(r, cut)).toList();
        }
        List<Row> kept = new ArrayList<>(current);
        while (kept.size() > 1 && bytes(kept) > FIRST_ROWS_BYTES) {
            kept.removeLast();
        }
        return new Fitted(kept, kept.size() < rows.size());
    }

    private static Row cutCells(Row r, int chars) {
        Map<String, Object> row = new LinkedHashMap<>(r.row());
        List<String> truncated = new ArrayList<>(r.truncatedCells());
        row.replaceAll((name, v) -> {
            if (v instanceof String s && s.length() > chars) {
                if (!truncated.contains(name)) {
                    truncated.add(name);
                }
                return s.substring(0, chars);
            }
            return v;
        });
        return new Row(r.rowIdx(), row, truncated);
    }

    private static long bytes(List<Row> rows) {
        try {
            return JSON.writeValueAsString(rows).getBytes(StandardCharsets.UTF_8).length;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
