package org.chorus.tracking;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.chorus.core.db.Dialect;
import org.jdbi.v3.core.Handle;

/**
 * Writes one or more log-batch requests in the caller's transaction: params and tags of all requests
 * together in arrival order ({@link ParamTagWriter}), all metric points together, and
 * one latest-metric upsert per (run, key) across all requests, in key order so writers cannot deadlock.
 * On SQLite rows go in as multi-row INSERTs, far faster than one statement per row; on PostgreSQL as one
 * {@code INSERT ... SELECT FROM unnest(arrays)} per table, so a group of 32 requests of 500 points is two
 * round trips instead of 80 statements of 1,200 parameters each. The points' block summaries ({@link MetricBlocks})
 * go in last, one row per touched block.
 */
final class BatchWriter {
    /** Rows per multi-row INSERT: one statement per chunk instead of one per row (6 binds a row). */
    private static final int CHUNK = 200;
    private static final String UPSERT_LATEST_TAIL = " ON CONFLICT (run_id, key_id) DO UPDATE"
            + " SET step = excluded.step, ts = excluded.ts, value = excluded.value, is_nan = excluded.is_nan"
            + " WHERE excluded.step > latest_metrics.step OR (excluded.step = latest_metrics.step AND (excluded.ts > latest_metrics.ts"
            + " OR (excluded.ts = latest_metrics.ts AND excluded.value > latest_metrics.value)))";

    /** One validated log-batch request, with the ids of its metric keys. */
    record LogBatch(String runId, List<Metric> metrics, List<KeyValue> params, List<KeyValue> tags, Map<String, Long> keyIds) {}

    private record RunKey(long run, long key) implements Comparable<RunKey> {
        @Override
        public int compareTo(RunKey o) {
            int c = Long.compare(run, o.run);
            return c != 0 ? c : Long.compare(key, o.key);
        }
    }

    private static final String UNNEST = " SELECT * FROM unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::float8[], ?::boolean[])";
    private static final String POINT_COLUMNS = " (run_id, key_id, step, ts, value, is_nan)";

    private final boolean arrays;
    private final boolean blocks;
    private final ParamTagWriter paramsAndTags;

    /** {@code blocks}: whether to keep {@link MetricBlocks} (off only to measure their cost; charts then read raw points). */
    BatchWriter(Dialect dialect, boolean blocks) {
        this.arrays = dialect == Dialect.POSTGRESQL;
        this.blocks = blocks;
        this.paramsAndTags = new ParamTagWriter(dialect);
    }

    void write(Handle h, List<LogBatch> batches) {
        Map<String, Long> runs = new HashMap<>();
        Map<RunKey, Metric> latest = new TreeMap<>();
        List<RunKey> pointKeys = new ArrayList<>();
        List<Metric> points = new ArrayList<>();
        List<ParamTagWriter.Owned> params = new ArrayList<>();
        List<ParamTagWriter.Owned> tags = new ArrayList<>();
        MetricBlocks touched = new MetricBlocks();
        for (LogBatch b : batches) {
            Long id = runs.get(b.runId());
            if (id == null) {
                id = RunLogging.activeRunId(h, b.runId());
                runs.put(b.runId(), id);
            }
            for (KeyValue p : b.params()) {
                params.add(new ParamTagWriter.Owned(id, b.runId(), p));
            }
            for (KeyValue t : b.tags()) {
                tags.add(new ParamTagWriter.Owned(id, b.runId(), t));
            }
            for (Metric m : b.metrics()) {
                RunKey rk = new RunKey(id, b.keyIds().get(m.key()));
                pointKeys.add(rk);
                points.add(m);
                latest.merge(rk, m, (old, now) -> newer(now, old) ? now : old);
                if (blocks) {
                    touched.add(rk.run(), rk.key(), m);
                }
            }
        }
        paramsAndTags.params(h, params);
        paramsAndTags.tags(h, tags);
        try {
            Connection c = h.getConnection();
            List<RunKey> latestKeys = new ArrayList<>(latest.keySet());
            List<Metric> latestValues = new ArrayList<>(latest.values());
            if (arrays) {
                insertArrays(c, "INSERT INTO metric_points" + POINT_COLUMNS + UNNEST, pointKeys, points);
                insertArrays(c, "INSERT INTO latest_metrics" + POINT_COLUMNS + UNNEST + UPSERT_LATEST_TAIL, latestKeys, latestValues);
            } else {
                insertRows(c, "INSERT INTO metric_points" + POINT_COLUMNS + " VALUES ", "", pointKeys, points);
                insertRows(c, "INSERT INTO latest_metrics" + POINT_COLUMNS + " VALUES ", UPSERT_LATEST_TAIL, latestKeys, latestValues);
            }
            touched.write(c, arrays);
        } catch (SQLException e) {
            throw new IllegalStateException("log-batch failed: " + e.getMessage(), e);
        }
    }

    /** All rows in one statement: one array parameter per column. */
    private static void insertArrays(Connection c, String sql, List<RunKey> keys, List<Metric> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        int n = rows.size();
        Long[] run = new Long[n];
        Long[] key = new Long[n];
        Long[] step = new Long[n];
        Long[] ts = new Long[n];
        Double[] value = new Double[n];
        Boolean[] nan = new Boolean[n];
        for (int i = 0; i < n; i++) {
            Metric m = rows.get(i);
            run[i] = keys.get(i).run();
            key[i] = keys.get(i).key();
            step[i] = m.step();
            ts[i] = m.timestamp();
            value[i] = stored(m.value());
            nan[i] = Double.isNaN(m.value());
        }
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setArray(1, c.createArrayOf("bigint", run));
            s.setArray(2, c.createArrayOf("bigint", key));
            s.setArray(3, c.createArrayOf("bigint", step));
            s.setArray(4, c.createArrayOf("bigint", ts));
            s.setArray(5, c.createArrayOf("float8", value));
            s.setArray(6, c.createArrayOf("bool", nan));
            s.executeUpdate();
        }
    }

    /** Multi-row INSERTs of CHUNK rows (the last one shorter); prepared once per distinct size. */
    private static void insertRows(Connection c, String head, String tail, List<RunKey> keys, List<Metric> rows) throws SQLException {
        PreparedStatement full = null;
        try {
            for (int start = 0; start < rows.size(); start += CHUNK) {
                int n = Math.min(CHUNK, rows.size() - start);
                PreparedStatement s;
                if (n == CHUNK) {
                    if (full == null) {
                        full = c.prepareStatement(sql(head, tail, CHUNK));
                    }
                    s = full;
                } else {
                    s = c.prepareStatement(sql(head, tail, n));
                }
                try {
                    int p = 1;
                    for (int i = start; i < start + n; i++) {
                        Metric m = rows.get(i);
                        s.setLong(p++, keys.get(i).run());
                        s.setLong(p++, keys.get(i).key());
                        s.setLong(p++, m.step());
                        s.setLong(p++, m.timestamp());
                        s.setDouble(p++, stored(m.value()));
                        s.setBoolean(p++, Double.isNaN(m.value()));
                    }
                    s.executeUpdate();
                } finally {
                    if (s != full) {
                        s.close();
                    }
                }
            }
        } finally {
            if (full != null) {
                full.close();
            }
        }
    }

    private static String sql(String head, String tail, int rows) {
        StringBuilder sql = new StringBuilder(head.length() + tail.length() + rows * 20).append(head);
        for (int i = 0; i < rows; i++) {
            sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?)");
        }
        return sql.append(tail).toString();
    }

    /** MLflow's order for "latest": greatest step, then timestamp, then value. */
    static boolean newer(Metric a, Metric b) {
        if (a.step() != b.step()) {
            return a.step() > b.step();
        }
        if (a.timestamp() != b.timestamp()) {
            return a.timestamp() > b.timestamp();
        }
        return stored(a.value()) > stored(b.value());
    }

    /** NaN as 0 (with is_nan), infinities as +/-Double.MAX_VALUE, as MLflow stores them. */
    static double stored(double v) {
        if (Double.isNaN(v)) {
            return 0;
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? Double.MAX_VALUE : -Double.MAX_VALUE;
        }
        return v;
    }
}
