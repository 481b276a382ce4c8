package org.chorus.tracking;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.chorus.core.db.Dialect;
import org.jdbi.v3.core.Handle;

/** Full runs for a page of internal ids: one set-based query per table, whatever the page size. */
final class RunLoader {
    private final Dialect dialect;
    private final MetricKeys keys;

    RunLoader(Dialect dialect, MetricKeys keys) {
        this.dialect = dialect;
        this.keys = keys;
    }

    /** The runs of {@code ids} by id; ids without a run are absent. */
    Map<Long, Run> load(Handle h, List<Long> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        IdSet set = IdSet.of(dialect, ids);
        Map<Long, RunInfo> infos = new HashMap<>();
        query(h, "SELECT r.id, r.run_uuid, r.name, r.experiment_id, r.user_id, r.status, r.start_time, r.end_time, r.artifact_uri,"
                + " r.lifecycle_stage FROM runs r WHERE " + set.in("r.id"), set, rs -> {
                    long end = rs.getLong(8);
                    Long endTime = rs.wasNull() ? null : end;
                    infos.put(rs.getLong(1), new RunInfo(rs.getString(2), rs.getString(3), Long.toString(rs.getLong(4)),
                            rs.getString(5), RunStatus.parse(rs.getString(6)), rs.getLong(7), endTime, rs.getString(9),
                            LifecycleStage.parse(rs.getString(10))));
                });
        Map<Long, List<Metric>> metrics = latestMetrics(h, set);
        Map<Long, List<KeyValue>> params = keyValues(h, "SELECT run_id, param_key, param_value FROM params", set);
        Map<Long, List<KeyValue>> tags = keyValues(h, "SELECT run_id, tag_key, tag_value FROM run_tags", set);
        Map<Long, List<DatasetInput>> inputs = new HashMap<>();
        query(h, "SELECT i.run_id, i.tags, d.name, d.digest, d.source_type, d.source, d.dataset_schema, d.profile FROM run_inputs i"
                + " JOIN datasets d ON d.experiment_id = i.experiment_id AND d.name = i.name AND d.digest = i.digest"
                + " WHERE " + set.in("i.run_id"), set, rs -> inputs.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                .add(new DatasetInput(InputTags.decode(rs.getString(2)), new DatasetInput.Dataset(rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8)))));
        Map<Long, Run> out = HashMap.newHashMap(infos.size());
        infos.forEach((id, info) -> out.put(id, new Run(info, metrics.getOrDefault(id, List.of()), params.getOrDefault(id, List.of()),
                tags.getOrDefault(id, List.of()), inputs.getOrDefault(id, List.of()))));
        return out;
    }

    private Map<Long, List<Metric>> latestMetrics(Handle h, IdSet set) {
        record Latest(long run, long key, long step, long ts, double value) {}
        List<Latest> rows = new ArrayList<>();
        query(h, "SELECT run_id, key_id, step, ts, value, is_nan FROM latest_metrics WHERE " + set.in("run_id"), set,
                rs -> rows.add(new Latest(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                        RunLogging.loaded(rs.getDouble(5), rs.getBoolean(6)))));
        Map<Long, String> names = keys.names(h, rows.stream().map(Latest::key).toList());
        Map<Long, List<Metric>> out = new HashMap<>();
        for (Latest l : rows) {
            out.computeIfAbsent(l.run(), k -> new ArrayList<>()).add(new Metric(names.get(l.key()), l.value(), l.ts(), l.step()));
        }
        return out;
    }

    private Map<Long, List<KeyValue>> keyValues(Handle h, String select, IdSet set) {
        Map<Long, List<KeyValue>> out = new HashMap<>();
        query(h, select + " WHERE " + set.in("run_id"), set,
                rs -> out.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new KeyValue(rs.getString(2), rs.getString(3))));
        return out;
    }

    private void query(Handle h, String sql, IdSet set, Row row) {
        set.bind(h.createQuery(sql)).map((rs, ctx) -> {
            row.accept(rs);
            return Boolean.TRUE;
        }).forEach(done -> { });
    }

    /** Files one row into the caller's maps. */
    private interface Row {
        void accept(ResultSet rs) throws SQLException;
    }
}
