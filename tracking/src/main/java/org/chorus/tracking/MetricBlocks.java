package org.chorus.tracking;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Keeps {@code metric_blocks} (V33) up to date with the points a log-batch writes: the batch's points are folded
 * into one summary per touched block in memory first, then each block is upserted once, merged with what the row
 * held (counts add up, extremes keep the lower or higher, the earlier on ties). Rows go in key order, after the
 * latest-metric rows, so concurrent writers lock in the same order and cannot deadlock.
 */
final class MetricBlocks {
    private static final int[] SIZES = {MetricBlock.FINE, MetricBlock.COARSE};
    /** Rows per multi-row INSERT on SQLite (13 binds a row). */
    private static final int CHUNK = 200;
    private static final String COLUMNS = " (run_id, key_id, size, block, first_step, last_step, value_count, min_step, min_ts, min_value,"
            + " max_step, max_ts, max_value)";
    private static final String UNNEST = " SELECT * FROM unnest(?::bigint[], ?::bigint[], ?::int[], ?::bigint[], ?::bigint[], ?::bigint[],"
            + " ?::bigint[], ?::bigint[], ?::bigint[], ?::float8[], ?::bigint[], ?::bigint[], ?::float8[])";
    private static final String LOWER = "excluded.min_value IS NOT NULL AND (metric_blocks.min_value IS NULL"
            + " OR excluded.min_value < metric_blocks.min_value OR (excluded.min_value = metric_blocks.min_value"
            + " AND (excluded.min_step < metric_blocks.min_step OR (excluded.min_step = metric_blocks.min_step AND excluded.min_ts < metric_blocks.min_ts))))";
    private static final String HIGHER = "excluded.max_value IS NOT NULL AND (metric_blocks.max_value IS NULL"
            + " OR excluded.max_value > metric_blocks.max_value OR (excluded.max_value = metric_blocks.max_value"
            + " AND (excluded.max_step < metric_blocks.max_step OR (excluded.max_step = metric_blocks.max_step AND excluded.max_ts < metric_blocks.max_ts))))";
    private static final String UPSERT_TAIL = " ON CONFLICT (run_id, key_id, size, block) DO UPDATE SET"
            + " first_step = CASE WHEN excluded.first_step < metric_blocks.first_step THEN excluded.first_step ELSE metric_blocks.first_step END,"
            + " last_step = CASE WHEN excluded.last_step > metric_blocks.last_step THEN excluded.last_step ELSE metric_blocks.last_step END,"
            + " value_count = metric_blocks.value_count + excluded.value_count,"
            + pick(LOWER, "min_step") + ", " + pick(LOWER, "min_ts") + ", " + pick(LOWER, "min_value") + ", "
            + pick(HIGHER, "max_step") + ", " + pick(HIGHER, "max_ts") + ", " + pick(HIGHER, "max_value");

    private static String pick(String condition, String column) {
        return " " + column + " = CASE WHEN " + condition + " THEN excluded." + column + " ELSE metric_blocks." + column + " END";
    }

    private record Id(long run, long key, int size, long block) implements Comparable<Id> {
        @Override
        public int compareTo(Id o) {
            int c = Long.compare(run, o.run);
            c = c != 0 ? c : Long.compare(key, o.key);
            c = c != 0 ? c : Integer.compare(size, o.size);
            return c != 0 ? c : Long.compare(block, o.block);
        }
    }

    /** One block's points of this write, folded. */
    private static final class Summary {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        long values;
        boolean hasValues;
        long minStep;
        long minTs;
        double min;
        long maxStep;
        long maxTs;
        double max;

        void add(Metric m) {
            first = Math.min(first, m.step());
            last = Math.max(last, m.step());
            if (Double.isNaN(m.value())) {
                return;
            }
            values++;
            double v = BatchWriter.stored(m.value());
            if (!hasValues || v < min || (v == min && earlier(m, minStep, minTs))) {
                min = v;
                minStep = m.step();
                minTs = m.timestamp();
            }
            if (!hasValues || v > max || (v == max && earlier(m, maxStep, maxTs))) {
                max = v;
                maxStep = m.step();
                maxTs = m.timestamp();
            }
            hasValues = true;
        }

        private static boolean earlier(Metric m, long step, long ts) {
            return m.step() < step || (m.step() == step && m.timestamp() < ts);
        }
    }

    private final Map<Id, Summary> blocks = new TreeMap<>();

    void add(long run, long key, Metric m) {
        for (int size : SIZES) {
            blocks.computeIfAbsent(new Id(run, key, size, Math.floorDiv(m.step(), size)), id -> new Summary()).add(m);
        }
    }

    /** Upserts every block added: one statement on PostgreSQL (arrays), one per {@value #CHUNK} blocks on SQLite. */
    void write(Connection c, boolean arrays) throws SQLException {
        if (blocks.isEmpty()) {
            return;
        }
        List<Map.Entry<Id, Summary>> rows = new ArrayList<>(blocks.entrySet());
        if (arrays) {
            writeArrays(c, rows);
        } else {
            for (int start = 0; start < rows.size(); start += CHUNK) {
                writeRows(c, rows.subList(start, Math.min(rows.size(), start + CHUNK)));
            }
        }
    }

    private static void writeArrays(Connection c, List<Map.Entry<Id, Summary>> rows) throws SQLException {
        int n = rows.size();
        Object[][] columns = new Object[13][n];
        for (int i = 0; i < n; i++) {
            Object[] row = row(rows.get(i));
            for (int col = 0; col < row.length; col++) {
                columns[col][i] = row[col];
            }
        }
        String[] types = {"bigint", "bigint", "int4", "bigint", "bigint", "bigint", "bigint", "bigint", "bigint", "float8", "bigint", "bigint", "float8"};
        try (PreparedStatement s = c.prepareStatement("INSERT INTO metric_blocks" + COLUMNS + UNNEST + UPSERT_TAIL)) {
            for (int col = 0; col < columns.length; col++) {
                s.setArray(col + 1, c.createArrayOf(types[col], columns[col]));
            }
            s.executeUpdate();
        }
    }

    private static void writeRows(Connection c, List<Map.Entry<Id, Summary>> rows) throws SQLException {
        StringBuilder sql = new StringBuilder("INSERT INTO metric_blocks").append(COLUMNS).append(" VALUES ");
        for (int i = 0; i < rows.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        }
        try (PreparedStatement s = c.prepareStatement(sql.append(UPSERT_TAIL).toString())) {
            int p = 1;
            for (Map.Entry<Id, Summary> r : rows) {
                Object[] row = row(r);
                for (int col = 0; col < row.length; col++, p++) {
                    if (row[col] == null) {
                        s.setNull(p, col == 9 || col == 12 ? Types.DOUBLE : Types.BIGINT);
                    } else {
                        s.setObject(p, row[col]);
                    }
                }
            }
            s.executeUpdate();
        }
    }

    /** The 13 columns of one row; the extremes null when the block's points of this write were all NaN. */
    private static Object[] row(Map.Entry<Id, Summary> r) {
        Id id = r.getKey();
        Summary s = r.getValue();
        boolean v = s.hasValues;
        return new Object[] {id.run(), id.key(), id.size(), id.block(), s.first, s.last, s.values,
                v ? s.minStep : null, v ? s.minTs : null, v ? s.min : null, v ? s.maxStep : null, v ? s.maxTs : null, v ? s.max : null};
    }
}
