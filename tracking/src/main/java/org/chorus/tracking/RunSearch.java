package org.chorus.tracking;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.chorus.core.ChorusException;
import org.chorus.core.db.Database;
import org.chorus.core.db.Dialect;
import org.chorus.tracking.Filter.Comparison;
import org.chorus.tracking.Filter.Entity;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.SqlStatements;

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
    /** Matches below which a filter is selective enough for SQLite to start from it and sort (see walkOrderKey). */
    static final int WALK_MIN_ROWS = 1_000;
    private final Database db;
    private final MetricKeys keys;
    private final RunLoader loader;
    private final AccessRules rules;
    private final int walkMinRows;

    RunSearch(Database db, MetricKeys keys, AccessRules rules) {
        this(db, keys, rules, WALK_MIN_ROWS);
    }

    /** {@code walkMinRows} is lowered by tests, so that a few hundred runs take both plans. */
    RunSearch(Database db, MetricKeys keys, AccessRules rules, int walkMinRows) {
        this.db = db;
        this.keys = keys;
        this.loader = new RunLoader(db.dialect(), keys);
        this.rules = rules;
        this.walkMinRows = walkMinRows;
    }

    <T> Page<T> search(Caller caller, List<String> experimentIds, String filter, ViewType view, int maxResults, List<String> orderBy,
                       String pageToken, EncodedRuns<T> encoded) {
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
        List<Long> visible = readable(caller, experiments);
        SqlWhere w = new SqlWhere(db.dialect());
        if (!visible.isEmpty()) {
            w.add("r.experiment_id IN " + w.inList(visible));
        }
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
        Map<KeyRef, Join> joined = new LinkedHashMap<>();
        keyed.forEach((ref, conditions) -> {
            String table = ref.table(keys);
            if (table == null) {
                w.add("1 = 0");
                aliases.remove(ref);
                return;
            }
            String alias = aliases.get(ref);
            StringBuilder own = new StringBuilder(alias).append('.').append(ref.keyColumn()).append(" = ").append(ref.keyValue(w, keys));
            conditions.forEach(condition -> own.append(" AND ").append(condition));
            joined.put(ref, new Join(table, alias, own.toString()));
        });
        StringBuilder joins = new StringBuilder();
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
            String filtered = aliases.get(ref);
            if (filtered != null) {
                // The inner join already excludes runs without the key: nothing to sort last.
                order.add(filtered + "." + ref.valueColumn() + direction);
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
        String tail = joins + w.where() + " ORDER BY " + String.join(", ", order) + " LIMIT " + (limit + 1) + " OFFSET " + offset;
        KeyRef first = firstOrderKey(orderBy);
        if (visible.isEmpty()) { // only now, so that a bad filter or order is refused whatever the caller may read
            return new Page<>(List.of(), null);
        }
        return db.withHandle(h -> {
            String from = walkOrderKey(h, w, first, joined) ? walkFrom(joined, first) : joinFrom(joined);
            List<long[]> rows = h.createQuery("SELECT r.id, r.version FROM " + from + tail).bindMap(w.binds())
                    .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2)}).list();
            String next = PageToken.next(offset, limit, rows.size());
            return new Page<>(encode(h, rows.size() > limit ? rows.subList(0, limit) : rows, encoded), next);
        });
    }

    /**
     * The experiments of {@code ids} the caller may read, asked before the page query so that its plan (and the
     * SQLite walk below) is the same for everyone. Pages are chosen afresh on every search and the run cache holds
     * nothing caller-specific, so a permission change shows in the next search.
     */
    private List<Long> readable(Caller caller, List<Long> ids) {
        SqlWhere w = new SqlWhere(db.dialect());
        String readable = rules.readable(w, caller, PermissionTarget.EXPERIMENT, "t");
        if (readable == null) {
            return ids;
        }
        String sql = "SELECT t.id FROM experiments t WHERE t.id IN " + w.inList(ids) + " AND " + readable;
        return db.withHandle(h -> h.createQuery(sql).bindMap(w.binds()).mapTo(Long.class).list());
    }

    /**
     * The page's runs, kept encodings where the version matches and the others loaded. A run loaded here may
     * already be newer than the version the page query read; it is kept under that older version, which no
     * later page query can read again, so it is only ever served to this one.
     */
    private <T> List<T> encode(Handle h, List<long[]> rows, EncodedRuns<T> encoded) {
        List<T> page = new ArrayList<>(rows.size());
        List<Long> missing = new ArrayList<>();
        for (long[] row : rows) {
            T kept = encoded.get(row[0], row[1]);
            page.add(kept);
            if (kept == null) {
                missing.add(row[0]);
            }
        }
        if (missing.isEmpty()) {
            return page;
        }
        Map<Long, Run> loaded = loader.load(h, missing);
        for (int i = 0; i < rows.size(); i++) {
            Run run = page.get(i) == null ? loaded.get(rows.get(i)[0]) : null;
            if (run != null) {
                page.set(i, encoded.encode(rows.get(i)[0], rows.get(i)[1], run));
            }
        }
        page.removeIf(Objects::isNull); // runs gone since the page query
        return page;
    }

    /** One filtered key's table, alias and conditions on its own row. */
    private record Join(String table, String alias, String own) {
        String source() {
            return table + " " + alias;
        }

        String on() {
            return alias + ".run_id = r.id AND " + own;
        }
    }

    private static String joinFrom(Map<KeyRef, Join> joined) {
        StringBuilder from = new StringBuilder("runs r");
        joined.values().forEach(j -> from.append(" JOIN ").append(j.source()).append(" ON ").append(j.on()));
        return from.toString();
    }

    /**
     * The ordered key's table as the outer loop: SQLite keeps the left side of a CROSS JOIN outside, so it walks
     * the {@code (key, value, run)} index in order, looks each run and the other filters up by primary key, and
     * stops once the page is full.
     */
    private static String walkFrom(Map<KeyRef, Join> joined, KeyRef walk) {
        Join outer = joined.get(walk);
        StringBuilder from = new StringBuilder(outer.source()).append(" CROSS JOIN runs r ON ").append(outer.on());
        joined.forEach((ref, j) -> {
            if (!ref.equals(walk)) {
                from.append(" CROSS JOIN ").append(j.source()).append(" ON ").append(j.on());
            }
        });
        return from.toString();
    }

    /** The key of the first order-by clause, or null when it orders by an attribute or there is none. */
    private static KeyRef firstOrderKey(List<String> orderBy) {
        if (orderBy == null || orderBy.isEmpty()) {
            return null;
        }
        OrderBy o = FilterParser.parseOrderBy(orderBy.getFirst());
        return o.entity() == Entity.METRIC || o.entity() == Entity.PARAM || o.entity() == Entity.TAG ? new KeyRef(o.entity(), o.key()) : null;
    }

    /**
     * Whether SQLite should walk the first order-by key's index rather than plan on its own. When the page is
     * ordered by a filtered key, SQLite (with or without statistics) starts from the smallest other set — the
     * experiment's runs or a param's 10,000 matches — and sorts every match: 30-100 ms over 100,000 runs. Walking
     * the ordered key stops after about page size × (ordered-key matches ÷ all matches) rows, a few ms, but reads
     * all the ordered key's matches when the other filters keep almost nothing (0.3-1.7 s). So walk only when
     * every other filter (the runs' own conditions, each other key) matches at least {@code walkMinRows} rows,
     * counted with that limit: each probe reads at most that many index entries. PostgreSQL picks the ordered
     * walk by itself.
     */
    private boolean walkOrderKey(Handle h, SqlWhere w, KeyRef first, Map<KeyRef, Join> joined) {
        if (db.dialect() != Dialect.SQLITE || first == null || !joined.containsKey(first)) {
            return false;
        }
        if (atMost(h, w, "runs r" + w.where()) < walkMinRows) {
            return false;
        }
        for (Map.Entry<KeyRef, Join> e : joined.entrySet()) {
            if (!e.getKey().equals(first) && atMost(h, w, e.getValue().source() + " WHERE " + e.getValue().own()) < walkMinRows) {
                return false;
            }
        }
        return true;
    }

    /** Rows of {@code from} (a table, alias and WHERE clause), counted up to {@code walkMinRows}. */
    private int atMost(Handle h, SqlWhere w, String from) {
        return h.createQuery("SELECT count(*) FROM (SELECT 1 FROM " + from + " LIMIT " + walkMinRows + ")")
                .configure(SqlStatements.class, c -> c.setUnusedBindingAllowed(true)).bindMap(w.binds()).mapTo(Integer.class).one();
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
