package org.chorus.tracking;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.chorus.core.ChorusException;
import org.chorus.core.db.Database;
import org.jdbi.v3.core.Handle;

/** log-batch, log-inputs and metric history reads. Points go in as narrow rows; latest values are upserted. */
final class RunLogging {
    /** System property that turns metric block summaries off, for bench/web/ChartBench to measure what they cost. */
    static final String WITHOUT_BLOCKS = "chorus.bench.withoutMetricBlocks";

    private final Database db;
    private final MetricKeys keys;
    private final HotWrites writes;
    private final GroupCommit<BatchWriter.LogBatch> groups;

    RunLogging(Database db, MetricKeys keys, HotWrites writes) {
        this.db = db;
        this.keys = keys;
        this.writes = writes;
        this.groups = new GroupCommit<>(writes, db.dialect() == org.chorus.core.db.Dialect.SQLITE ? 1 : 8,
                new BatchWriter(db.dialect(), !Boolean.getBoolean(WITHOUT_BLOCKS))::write);
    }

    void logBatch(String runId, List<Metric> metrics, List<KeyValue> params, List<KeyValue> tags) {
        List<Metric> ms = metrics == null ? List.of() : metrics;
        List<KeyValue> ps = params == null ? List.of() : params;
        List<KeyValue> ts = tags == null ? List.of() : tags;
        validate(ms, ps, ts);
        Map<String, Long> keyIds = ms.isEmpty() ? Map.of() : keys.ensure(ms.stream().map(Metric::key).distinct().toList());
        groups.submit(runId == null ? "" : runId, new BatchWriter.LogBatch(runId, ms, ps, ts, keyIds));
    }

    private static void validate(List<Metric> ms, List<KeyValue> ps, List<KeyValue> ts) {
        if (ms.size() > Validation.MAX_METRICS_PER_BATCH || ps.size() > Validation.MAX_PARAMS_TAGS_PER_BATCH
                || ts.size() > Validation.MAX_PARAMS_TAGS_PER_BATCH || ms.size() + ps.size() + ts.size() > Validation.MAX_ENTITIES_PER_BATCH) {
            throw ChorusException.invalid("A batch logging request can contain at most " + Validation.MAX_METRICS_PER_BATCH + " metrics, "
                    + Validation.MAX_PARAMS_TAGS_PER_BATCH + " params and " + Validation.MAX_PARAMS_TAGS_PER_BATCH + " tags, and at most "
                    + Validation.MAX_ENTITIES_PER_BATCH + " entities in total. Got " + ms.size() + " metrics, " + ps.size()
                    + " params and " + ts.size() + " tags");
        }
        for (Metric m : ms) {
            Validation.key("metric", m.key());
        }
        Map<String, String> seen = new HashMap<>();
        for (KeyValue p : ps) {
            Validation.key("param", p.key());
            Validation.value("param", p.key(), p.value(), Validation.MAX_PARAM_VALUE_LENGTH);
            String before = seen.putIfAbsent(p.key(), p.value());
            if (before != null && !before.equals(p.value())) {
                throw ChorusException.invalid("Duplicate parameter keys have been submitted: [" + p.key() + "] with different values");
            }
        }
        for (KeyValue t : ts) {
            Validation.key("tag", t.key());
            Validation.value("tag", t.key(), t.value(), Validation.MAX_TAG_VALUE_LENGTH);
        }
    }

    static double loaded(double v, boolean isNan) {
        return isNan ? Double.NaN : v;
    }

    void logInputs(String runId, List<DatasetInput> inputs) {
        writes.run(h -> {
            long id = activeRunId(h, runId);
            long exp = h.createQuery("SELECT experiment_id FROM runs WHERE id = :id").bind("id", id).mapTo(Long.class).one();
            for (DatasetInput in : inputs) {
                DatasetInput.Dataset d = in.dataset();
                if (d == null || d.name() == null || d.digest() == null || d.sourceType() == null || d.source() == null) {
                    throw ChorusException.invalid("A dataset input needs dataset.name, digest, source_type and source");
                }
                h.createUpdate("INSERT INTO datasets VALUES (:e, :n, :d, :st, :s, :schema, :p) ON CONFLICT DO NOTHING")
                        .bind("e", exp).bind("n", d.name()).bind("d", d.digest()).bind("st", d.sourceType()).bind("s", d.source())
                        .bind("schema", d.schema()).bind("p", d.profile()).execute();
                h.createUpdate("INSERT INTO run_inputs VALUES (:r, :e, :n, :d, :t) ON CONFLICT (run_id, name, digest) DO UPDATE SET tags = excluded.tags")
                        .bind("r", id).bind("e", exp).bind("n", d.name()).bind("d", d.digest()).bind("t", InputTags.encode(in.tags())).execute();
            }
        });
    }

    Page<Metric> history(String runId, String key, int maxResults, String pageToken) {
        long offset = PageToken.offset(pageToken);
        return db.withHandle(h -> {
            long id = runId(h, runId);
            Long keyId = keys.find(key == null ? "" : key).orElse(null);
            if (keyId == null) {
                return new Page<Metric>(List.of(), null);
            }
            String limit = maxResults > 0 ? " LIMIT " + (maxResults + 1) + " OFFSET " + offset : "";
            List<Metric> rows = h.createQuery("SELECT step, ts, value, is_nan FROM metric_points WHERE run_id = :id AND key_id = :k"
                            + " ORDER BY step, ts" + limit)
                    .bind("id", id).bind("k", keyId)
                    .map((rs, ctx) -> new Metric(key, loaded(rs.getDouble(3), rs.getBoolean(4)), rs.getLong(2), rs.getLong(1))).list();
            if (maxResults <= 0) {
                return new Page<>(rows, null);
            }
            return new Page<>(rows.size() > maxResults ? rows.subList(0, maxResults) : rows, PageToken.next(offset, maxResults, rows.size()));
        });
    }

    StepRange steps(String runId, String key) {
        return db.withHandle(h -> {
            long id = runId(h, runId);
            Long keyId = keys.find(key == null ? "" : key).orElse(null);
            if (keyId == null) {
                return null;
            }
            // two subqueries: each one is a single probe of the (run, key, step) index; MIN and MAX in one select scan it
            String one = " FROM metric_points WHERE run_id = :id AND key_id = :k";
            return h.createQuery("SELECT (SELECT MIN(step)" + one + "), (SELECT MAX(step)" + one + ")").bind("id", id).bind("k", keyId)
                    .map((rs, ctx) -> {
                        long first = rs.getLong(1);
                        return rs.wasNull() ? null : new StepRange(first, rs.getLong(2));
                    })
                    .one();
        });
    }

    void points(String runId, String key, Long startStep, Long endStep, PointSink sink) {
        // PostgreSQL streams rows by the fetch size only inside a transaction; SQLite always steps through them
        db.withHandle(h -> db.dialect() == org.chorus.core.db.Dialect.POSTGRESQL
                ? h.inTransaction(org.jdbi.v3.core.transaction.TransactionIsolationLevel.READ_COMMITTED, t -> streamPoints(t, runId, key, startStep, endStep, sink))
                : streamPoints(h, runId, key, startStep, endStep, sink));
    }

    private Void streamPoints(Handle h, String runId, String key, Long startStep, Long endStep, PointSink sink) {
        long id = runId(h, runId);
        Long keyId = keys.find(key == null ? "" : key).orElse(null);
        if (keyId == null) {
            return null;
        }
        String range = (startStep == null ? "" : " AND step >= :lo") + (endStep == null ? "" : " AND step <= :hi");
        var query = h.createQuery("SELECT step, ts, value, is_nan FROM metric_points WHERE run_id = :id AND key_id = :k" + range
                + " ORDER BY step, ts").bind("id", id).bind("k", keyId).setFetchSize(10_000);
        if (startStep != null) {
            query.bind("lo", startStep.longValue());
        }
        if (endStep != null) {
            query.bind("hi", endStep.longValue());
        }
        // raw rows into the sink: a million points make no objects
        return query.scanResultSet((supplier, ctx) -> {
            try (var rs = supplier.get()) {
                while (rs.next()) {
                    sink.accept(rs.getLong(1), rs.getLong(2), loaded(rs.getDouble(3), rs.getBoolean(4)));
                }
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
            return null;
        });
    }

    List<MetricBlock> blocks(String runId, String key, int size, long firstBlock, long lastBlock) {
        if (size != MetricBlock.FINE && size != MetricBlock.COARSE) {
            throw new IllegalArgumentException("block size " + size + " is not kept");
        }
        return db.withHandle(h -> {
            long id = runId(h, runId);
            Long keyId = keys.find(key == null ? "" : key).orElse(null);
            if (keyId == null || firstBlock > lastBlock) {
                return List.<MetricBlock>of();
            }
            return h.createQuery("SELECT block, first_step, last_step, value_count, min_step, min_ts, min_value, max_step, max_ts, max_value"
                            + " FROM metric_blocks WHERE run_id = :id AND key_id = :k AND size = :size AND block BETWEEN :lo AND :hi ORDER BY block")
                    .bind("id", id).bind("k", keyId).bind("size", size).bind("lo", firstBlock).bind("hi", lastBlock).setFetchSize(10_000)
                    .map((rs, ctx) -> {
                        long minStep = rs.getLong(5);
                        boolean values = !rs.wasNull();
                        return new MetricBlock(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), minStep, rs.getLong(6),
                                values ? rs.getDouble(7) : Double.NaN, rs.getLong(8), rs.getLong(9), values ? rs.getDouble(10) : Double.NaN);
                    })
                    .list();
        });
    }

    List<RunMetric> bulkInterval(List<String> runIds, String key, Long startStep, Long endStep, int maxResults) {
        if (runIds == null || runIds.isEmpty() || runIds.size() > TrackingStore.MAX_BULK_INTERVAL_RUNS) {
            throw ChorusException.invalid("GetMetricHistoryBulkInterval request must specify between 1 and "
                    + TrackingStore.MAX_BULK_INTERVAL_RUNS + " run_ids");
        }
        Validation.maxResults(maxResults, 1000);
        if (startStep != null && endStep != null && startStep > endStep) {
            throw ChorusException.invalid("end_step must be greater than start_step. Found start_step=" + startStep + " and end_step=" + endStep);
        }
        return db.withHandle(h -> {
            List<RunMetric> out = new ArrayList<>();
            Long keyId = keys.find(key == null ? "" : key).orElse(null);
            for (String runId : runIds) {
                long id = runId(h, runId);
                if (keyId == null) {
                    continue;
                }
                String range = (startStep == null ? "" : " AND step >= " + startStep) + (endStep == null ? "" : " AND step <= " + endStep);
                List<Long> steps = h.createQuery("SELECT DISTINCT step FROM metric_points WHERE run_id = :id AND key_id = :k" + range
                        + " ORDER BY step").bind("id", id).bind("k", keyId).mapTo(Long.class).list();
                List<Long> chosen = sample(steps, maxResults);
                if (chosen.isEmpty()) {
                    continue;
                }
                h.createQuery("SELECT step, ts, value, is_nan FROM metric_points WHERE run_id = :id AND key_id = :k AND step IN (<steps>)"
                                + " ORDER BY step, ts").bind("id", id).bind("k", keyId).bindList("steps", chosen)
                        .map((rs, ctx) -> out.add(new RunMetric(runId, new Metric(key, loaded(rs.getDouble(3), rs.getBoolean(4)),
                                rs.getLong(2), rs.getLong(1))))).list();
            }
            return out;
        });
    }

    /** Up to {@code n} evenly spaced elements, always including the first and the last. */
    static List<Long> sample(List<Long> steps, int n) {
        if (steps.size() <= n) {
            return steps;
        }
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long index = n == 1 ? 0 : Math.round((double) i * (steps.size() - 1) / (n - 1));
            Long s = steps.get((int) index);
            if (out.isEmpty() || !out.getLast().equals(s)) {
                out.add(s);
            }
        }
        return out;
    }

    static long runId(Handle h, String runUuid) {
        return h.createQuery("SELECT id FROM runs WHERE run_uuid = :u").bind("u", runUuid == null ? "" : runUuid).mapTo(Long.class)
                .findOne().orElseThrow(() -> ChorusException.notFound("Run with id=" + runUuid + " not found"));
    }

    static long activeRunId(Handle h, String runUuid) {
        var row = h.createQuery("SELECT id, lifecycle_stage FROM runs WHERE run_uuid = :u").bind("u", runUuid == null ? "" : runUuid)
                .map((rs, ctx) -> Map.entry(rs.getLong(1), rs.getString(2))).findOne()
                .orElseThrow(() -> ChorusException.notFound("Run with id=" + runUuid + " not found"));
        if (!row.getValue().equals("active")) {
            throw ChorusException.invalid("The run " + runUuid + " must be in the 'active' state. Current state is " + row.getValue() + ".");
        }
        return row.getKey();
    }
}
