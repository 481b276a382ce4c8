package org.chorus.tracking;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;

/**
 * Writes one or more log-batch requests in the caller's transaction: params and tags request by request
 * (so write-once and last-writer-wins hold in arrival order), all metric points in one JDBC batch, and
 * one latest-metric upsert per (run, key) across all requests, in key order so writers cannot deadlock.
 */
final class BatchWriter {
    private static final String INSERT_POINT = "INSERT INTO metric_points (run_id, key_id, step, ts, value, is_nan) VALUES (?, ?, ?, ?, ?, ?)";
    private static final String UPSERT_LATEST = "INSERT INTO latest_metrics (run_id, key_id, step, ts, value, is_nan)"
            + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (run_id, key_id) DO UPDATE"
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

    private BatchWriter() {}

    static void write(Handle h, List<LogBatch> batches) {
        Map<String, Long> runs = new HashMap<>();
        Map<RunKey, Metric> latest = new TreeMap<>();
        try {
            Connection c = h.getConnection();
            try (PreparedStatement points = c.prepareStatement(INSERT_POINT)) {
                int rows = 0;
                for (LogBatch b : batches) {
                    Long id = runs.get(b.runId());
                    if (id == null) {
                        id = RunLogging.activeRunId(h, b.runId());
                        runs.put(b.runId(), id);
                    }
                    if (!b.params().isEmpty()) {
                        RunLogging.insertParams(h, id, b.runId(), b.params());
                    }
                    if (!b.tags().isEmpty()) {
                        RunLogging.upsertTags(h, id, b.tags());
                    }
                    for (Metric m : b.metrics()) {
                        long key = b.keyIds().get(m.key());
                        bind(points, id, key, m);
                        points.addBatch();
                        rows++;
                        latest.merge(new RunKey(id, key), m, (old, now) -> newer(now, old) ? now : old);
                    }
                }
                if (rows > 0) {
                    points.executeBatch();
                }
            }
            if (!latest.isEmpty()) {
                try (PreparedStatement upsert = c.prepareStatement(UPSERT_LATEST)) {
                    for (Map.Entry<RunKey, Metric> e : latest.entrySet()) {
                        bind(upsert, e.getKey().run(), e.getKey().key(), e.getValue());
                        upsert.addBatch();
                    }
                    upsert.executeBatch();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("log-batch failed: " + e.getMessage(), e);
        }
    }

    private static void bind(PreparedStatement s, long run, long key, Metric m) throws SQLException {
        s.setLong(1, run);
        s.setLong(2, key);
        s.setLong(3, m.step());
        s.setLong(4, m.timestamp());
        s.setDouble(5, stored(m.value()));
        s.setBoolean(6, Double.isNaN(m.value()));
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
