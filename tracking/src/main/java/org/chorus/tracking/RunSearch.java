package org.chorus.tracking;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chorus.core.ChorusException;
import org.chorus.core.db.Database;
import org.chorus.tracking.Filter.Comparison;
import org.chorus.tracking.Filter.Entity;

/**
 * search-runs: each metric, param or tag named in the filter becomes one inner join on its unique (run, key)
 * row, carrying all comparisons on that key; order-by clauses reuse those joins or add left joins. Then
 * {@link RunLoader} loads the page's data.
 *
 * <p>Joins rather than {@code run id IN (subquery)} sets: the planner may then start from whichever key is
 * most selective, and an order-by on a key that is also filtered needs no "missing values last" term, so the
 * {@code (key, value, run)} index can deliver rows in order and the scan stops at the page's end instead of
 * sorting every match.
 */
final class RunSearch {
    private final Database db;
    private final MetricKeys keys;
    private final RunLoader loader;

    RunSearch(Database db, MetricKeys keys) {
        this.db = db;
        this.keys = keys;
        this.loader = new RunLoader(db.dialect());
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
        Map<KeyRef, String> aliases = new HashMap<>();
        Map<KeyRef, List<String>> keyed = new LinkedHashMap<>();
        for (Comparison c : FilterParser.parse(filter).comparisons()) {
            switch (c.entity()) {
                case METRIC, PARAM, TAG -> {
                    KeyRef ref = new KeyRef(c.entity(), c.key());
                    String alias = aliases.computeIfAbsent(ref, k -> "f" + aliases.size());
                    keyed.computeIfAbsent(ref, k -> new ArrayList<>()).add(keyCondition(w, c, alias));
                }
                case ATTRIBUTE, DATASET -> w.add(condition(w, c));
            }
        }
        StringBuilder joins = new StringBuilder();
        keyed.forEach((ref, conditions) -> {
            String table = ref.table(keys);
            if (table == null) {
                w.add("1 = 0");
                aliases.remove(ref);
                return;
            }
            String alias = aliases.get(ref);
            joins.append(" JOIN ").append(table).append(' ').append(alias).append(" ON ").append(alias).append(".run_id = r.id AND ")
                    .append(alias).append('.').append(ref.keyColumn()).append(" = ").append(ref.keyValue(w, keys));
            conditions.forEach(condition -> joins.append(" AND ").append(condition));
        });
        List<String> order = new ArrayList<>();
        int n = 0;
        for (String clause : orderBy == null ? List.<String>of() : orderBy) {
            OrderBy o = FilterParser.parseOrderBy(clause);
            String direction = o.ascending() ? " ASC" : " DESC";
            if (o.entity() == Entity.ATTRIBUTE) {
                order.add(attributeColumn(o.key(), clause) + direction);
                continue;
            }
            if (o.entity() == Entity.DATASET) {
                throw ChorusException.invalid("Invalid order_by clause '" + clause + "': cannot order by datasets");
            }
            KeyRef ref = new KeyRef(o.entity(), o.key());
            String joined = aliases.get(ref);
            if (joined != null) {
                // The inner join already excludes runs without the key: nothing to sort last.
                order.add(joined + "." + ref.valueColumn() + direction);
                continue;
            }
            String alias = "o" + n++;
            String table = ref.table(keys);
            joins.append(" LEFT JOIN ").append(table == null ? "latest_metrics" : table).append(' ').append(alias).append(" ON ")
                    .append(alias).append(".run_id = r.id AND ").append(alias).append('.').append(ref.keyColumn()).append(" = ")
                    .append(table == null ? "-1" : ref.keyValue(w, keys));
            String column = alias + "." + ref.valueColumn();
            order.add("CASE WHEN " + column + " IS NULL THEN 1 ELSE 0 END, " + column + direction);
        }
        order.add("r.start_time DESC");
        order.add("r.run_uuid ASC");
        String sql = "SELECT r.id FROM runs r" + joins + w.where() + " ORDER BY " + String.join(", ", order)
                + " LIMIT " + (limit + 1) + " OFFSET " + offset;
        return db.withHandle(h -> {
            List<Long> ids = h.createQuery(sql).bindMap(w.binds()).mapTo(Long.class).list();
            String next = PageToken.next(offset, limit, ids.size());
            return new Page<>(loader.load(h, ids.size() > limit ? ids.subList(0, limit) : ids), next);
        });
    }

    /** A metric, param or tag key as named in a filter or order-by. */
    private record KeyRef(Entity entity, String key) {
        /** The table holding the key's rows, or null for a metric never logged (nothing can match it). */
        String table(MetricKeys keys) {
            return switch (entity) {
                case METRIC -> keys.find(key).isPresent() ? "latest_metrics" : null;
                case PARAM -> "params";
                default -> "run_tags";
            };
        }

        String keyColumn() {
            return switch (entity) {
                case METRIC -> "key_id";
                case PARAM -> "param_key";
                default -> "tag_key";
            };
        }

        String valueColumn() {
            return switch (entity) {
                case METRIC -> "value";
                case PARAM -> "param_value";
                default -> "tag_value";
            };
        }

        String keyValue(SqlWhere w, MetricKeys keys) {
            return entity == Entity.METRIC ? Long.toString(keys.find(key).orElseThrow()) : w.bind(key);
        }
    }

    /** One comparison on the joined row {@code alias}; NaN metrics match only {@code !=}. */
    private static String keyCondition(SqlWhere w, Comparison c, String alias) {
        return switch (c.entity()) {
            case METRIC -> (c.op() == Filter.Op.NE ? "" : "NOT " + alias + ".is_nan AND ") + w.number(alias + ".value", c);
            case PARAM -> w.text(alias + ".param_value", c);
            default -> w.text(alias + ".tag_value", c);
        };
    }

    /** An attribute or dataset comparison, as a condition on the run. */
    private static String condition(SqlWhere w, Comparison c) {
        return switch (c.entity()) {
            case DATASET -> switch (c.key()) {
                case "name", "digest" -> "r.id IN (SELECT run_id FROM run_inputs WHERE " + w.text(c.key(), c) + ")";
                default -> throw SqlWhere.invalid(c, "invalid dataset key '" + c.key() + "': use datasets.name or datasets.digest");
            };
            case ATTRIBUTE -> switch (c.key()) {
                case "start_time", "end_time", "created", "Created" -> w.number(attributeColumn(c.key(), c.key()), c);
                case "run_id", "run_name", "status", "user_id", "artifact_uri", "lifecycle_stage" -> w.text(attributeColumn(c.key(), c.key()), c);
                default -> throw SqlWhere.invalid(c, "invalid attribute key '" + c.key() + "': valid attributes are run_id, run_name,"
                        + " status, user_id, artifact_uri, start_time, end_time, created");
            };
            default -> throw new IllegalArgumentException("keyed comparison " + c);
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
}
