package org.chorus.tracking;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.chorus.core.ChorusException;
import org.chorus.core.db.Database;
import org.chorus.core.db.Dialect;
import org.chorus.tracking.Filter.Comparison;
import org.chorus.tracking.Filter.Entity;
import org.jdbi.v3.core.Handle;

/**
 * search-runs: the filter becomes {@code r.id IN (subquery)} conditions over the indexed param, tag and
 * latest-metric tables; order-by clauses become left joins. Then one query per table loads the page's data.
 */
final class RunSearch {
    /** Marks a condition that is a set of run ids, to be intersected with the others. */
    private static final String RUN_SET = "runset:";
    private final Database db;
    private final MetricKeys keys;

    RunSearch(Database db, MetricKeys keys) {
        this.db = db;
        this.keys = keys;
    }

    Page<Run> search(List<String> experimentIds, String filter, ViewType view, int maxResults, List<String> orderBy, String pageToken) {
        int limit = Validation.maxResults(maxResults, Validation.MAX_RESULTS_LIMIT);
        long offset = PageToken.offset(pageToken);
        List<Long> experiments = new ArrayList<>();
        for (String e : experimentIds == null ? List.<String>of() : experimentIds) {
            try {
                experiments.add(Long.parseLong(e));
            } catch (NumberFormatException x) {
                throw ChorusException.invalid("Invalid experiment id '" + e + "'");
            }
        }
        if (experiments.isEmpty()) {
            return new Page<>(List.of(), null);
        }
        SqlWhere w = new SqlWhere(db.dialect());
        w.add("r.experiment_id IN " + w.inList(experiments));
        w.add("r.lifecycle_stage IN " + w.inList(view.stages()));
        List<String> runSets = new ArrayList<>();
        for (Comparison c : FilterParser.parse(filter).comparisons()) {
            String condition = condition(w, c);
            if (condition.startsWith(RUN_SET)) {
                runSets.add(condition.substring(RUN_SET.length()));
            } else {
                w.add(condition);
            }
        }
        if (!runSets.isEmpty() && db.dialect() == Dialect.SQLITE) {
            // SQLite: one INTERSECT of the per-clause run-id sets, each read from a covering index, then the
            // (small) intersection joins runs; as separate IN lists it probes every candidate run instead.
            w.add("r.id IN (" + String.join(" INTERSECT ", runSets) + ")");
        } else {
            // PostgreSQL plans separate IN lists as hash semi-joins, cheaper than its set operation.
            runSets.forEach(set -> w.add("r.id IN (" + set + ")"));
        }
        StringBuilder joins = new StringBuilder();
        List<String> order = new ArrayList<>();
        int n = 0;
        for (String clause : orderBy == null ? List.<String>of() : orderBy) {
            OrderBy o = FilterParser.parseOrderBy(clause);
            String alias = "o" + n++;
            String column = switch (o.entity()) {
                case METRIC -> {
                    Long keyId = keys.find(o.key()).orElse(-1L);
                    joins.append(" LEFT JOIN latest_metrics ").append(alias).append(" ON ").append(alias).append(".run_id = r.id AND ")
                            .append(alias).append(".key_id = ").append(keyId);
                    yield alias + ".value";
                }
                case PARAM -> {
                    joins.append(" LEFT JOIN params ").append(alias).append(" ON ").append(alias).append(".run_id = r.id AND ")
                            .append(alias).append(".param_key = ").append(w.bind(o.key()));
                    yield alias + ".param_value";
                }
                case TAG -> {
                    joins.append(" LEFT JOIN run_tags ").append(alias).append(" ON ").append(alias).append(".run_id = r.id AND ")
                            .append(alias).append(".tag_key = ").append(w.bind(o.key()));
                    yield alias + ".tag_value";
                }
                case ATTRIBUTE -> attributeColumn(o.key(), clause);
                case DATASET -> throw ChorusException.invalid("Invalid order_by clause '" + clause + "': cannot order by datasets");
            };
            order.add("CASE WHEN " + column + " IS NULL THEN 1 ELSE 0 END, " + column + (o.ascending() ? " ASC" : " DESC"));
        }
        order.add("r.start_time DESC");
        order.add("r.run_uuid ASC");
        String sql = "SELECT r.id FROM runs r" + joins + w.where() + " ORDER BY " + String.join(", ", order)
                + " LIMIT " + (limit + 1) + " OFFSET " + offset;
        return db.withHandle(h -> {
            List<Long> ids = h.createQuery(sql).bindMap(w.binds()).mapTo(Long.class).list();
            String next = PageToken.next(offset, limit, ids.size());
            return new Page<>(load(h, ids.size() > limit ? ids.subList(0, limit) : ids), next);
        });
    }

    private String condition(SqlWhere w, Comparison c) {
        return switch (c.entity()) {
            case METRIC -> {
                String compare = w.number("value", c);
                Long keyId = keys.find(c.key()).orElse(null);
                yield keyId == null ? "1 = 0" : RUN_SET + "SELECT run_id FROM latest_metrics WHERE key_id = " + keyId
                        + " AND " + (c.op() == Filter.Op.NE ? "" : "NOT is_nan AND ") + compare;
            }
            case PARAM -> RUN_SET + "SELECT run_id FROM params WHERE param_key = " + w.bind(c.key()) + " AND " + w.text("param_value", c);
            case TAG -> RUN_SET + "SELECT run_id FROM run_tags WHERE tag_key = " + w.bind(c.key()) + " AND " + w.text("tag_value", c);
            case DATASET -> switch (c.key()) {
                case "name", "digest" -> RUN_SET + "SELECT run_id FROM run_inputs WHERE " + w.text(c.key(), c);
                default -> throw SqlWhere.invalid(c, "invalid dataset key '" + c.key() + "': use datasets.name or datasets.digest");
            };
            case ATTRIBUTE -> switch (c.key()) {
                case "start_time", "end_time", "created", "Created" -> w.number(attributeColumn(c.key(), c.key()), c);
                case "run_id", "run_name", "status", "user_id", "artifact_uri", "lifecycle_stage" -> w.text(attributeColumn(c.key(), c.key()), c);
                default -> throw SqlWhere.invalid(c, "invalid attribute key '" + c.key() + "': valid attributes are run_id, run_name,"
                        + " status, user_id, artifact_uri, start_time, end_time, created");
            };
        };
    }

    private static String attributeColumn(String key, String clause) {
        return switch (key) {
            case "start_time", "created", "Created" -> "r.start_time";
            case "end_time" -> "r.end_time";
            case "run_id" -> "r.run_uuid";
            case "run_name" -> "r.name";
            case "status" -> "r.status";
            case "user_id" -> "r.user_id";
            case "artifact_uri" -> "r.artifact_uri";
            case "lifecycle_stage" -> "r.lifecycle_stage";
            default -> throw ChorusException.invalid("Invalid attribute key '" + key + "' in '" + clause + "'");
        };
    }

    /** Full runs for internal ids, in the given order. */
    List<Run> load(Handle h, List<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<Long, RunInfo> infos = new HashMap<>();
        h.createQuery("SELECT r.id, r.run_uuid, r.name, r.experiment_id, r.user_id, r.status, r.start_time, r.end_time, r.artifact_uri,"
                        + " r.lifecycle_stage FROM runs r WHERE r.id IN (<ids>)").bindList("ids", ids)
                .map((rs, ctx) -> {
                    long end = rs.getLong(8);
                    Long endTime = rs.wasNull() ? null : end;
                    infos.put(rs.getLong(1), new RunInfo(rs.getString(2), rs.getString(3), Long.toString(rs.getLong(4)),
                            rs.getString(5), RunStatus.parse(rs.getString(6)), rs.getLong(7), endTime, rs.getString(9),
                            LifecycleStage.parse(rs.getString(10))));
                    return 0;
                }).list();
        Map<Long, List<Metric>> metrics = new HashMap<>();
        h.createQuery("SELECT l.run_id, k.name, l.step, l.ts, l.value, l.is_nan FROM latest_metrics l JOIN metric_keys k ON k.id = l.key_id"
                        + " WHERE l.run_id IN (<ids>)").bindList("ids", ids)
                .map((rs, ctx) -> metrics.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new Metric(rs.getString(2),
                        RunLogging.loaded(rs.getDouble(5), rs.getBoolean(6)), rs.getLong(4), rs.getLong(3)))).list();
        Map<Long, List<KeyValue>> params = keyValues(h, "SELECT run_id, param_key, param_value FROM params WHERE run_id IN (<ids>)", ids);
        Map<Long, List<KeyValue>> tags = keyValues(h, "SELECT run_id, tag_key, tag_value FROM run_tags WHERE run_id IN (<ids>)", ids);
        Map<Long, List<DatasetInput>> inputs = new HashMap<>();
        h.createQuery("SELECT i.run_id, i.tags, d.name, d.digest, d.source_type, d.source, d.dataset_schema, d.profile FROM run_inputs i"
                        + " JOIN datasets d ON d.experiment_id = i.experiment_id AND d.name = i.name AND d.digest = i.digest"
                        + " WHERE i.run_id IN (<ids>)").bindList("ids", ids)
                .map((rs, ctx) -> inputs.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new DatasetInput(
                        InputTags.decode(rs.getString(2)), new DatasetInput.Dataset(rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), rs.getString(8))))).list();
        List<Run> out = new ArrayList<>(ids.size());
        for (long id : ids) {
            RunInfo info = infos.get(id);
            if (info != null) {
                out.add(new Run(info, metrics.getOrDefault(id, List.of()), params.getOrDefault(id, List.of()),
                        tags.getOrDefault(id, List.of()), inputs.getOrDefault(id, List.of())));
            }
        }
        return out;
    }

    private static Map<Long, List<KeyValue>> keyValues(Handle h, String sql, List<Long> ids) {
        Map<Long, List<KeyValue>> out = new HashMap<>();
        h.createQuery(sql).bindList("ids", ids)
                .map((rs, ctx) -> out.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new KeyValue(rs.getString(2), rs.getString(3))))
                .list();
        return out;
    }
}
