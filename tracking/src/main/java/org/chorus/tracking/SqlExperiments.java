package org.chorus.tracking;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.core.db.Database;
import org.chorus.tracking.Filter.Comparison;
import org.jdbi.v3.core.Handle;

/** Experiments and their tags. Ids are assigned in sequence inside the creating transaction. */
final class SqlExperiments {
    private static final String COLUMNS = "e.id, e.name, e.artifact_location, e.lifecycle_stage, e.creation_time, e.last_update_time";

    private final Database db;
    private final Clock clock;
    private final AccessRules rules;

    SqlExperiments(Database db, Clock clock, AccessRules rules) {
        this.db = db;
        this.clock = clock;
        this.rules = rules;
    }

    String create(Caller caller, String name, String artifactLocation, Map<String, String> tags) {
        Validation.experimentName(name);
        Map<String, String> allTags = tags == null ? Map.of() : tags;
        allTags.forEach((k, v) -> {
            Validation.key("tag", k);
            Validation.value("tag", k, v, Validation.MAX_EXPERIMENT_TAG_VALUE_LENGTH);
        });
        long now = clock.millis();
        return db.inTransaction(h -> {
            if (h.createQuery("SELECT COUNT(*) FROM experiments WHERE name = :n").bind("n", name).mapTo(Integer.class).one() > 0) {
                throw new ChorusException(ErrorCode.ALREADY_EXISTS, "Experiment(name=" + name + ") already exists.");
            }
            Owners.Owner owner = Owners.resolve(h, caller, allTags);
            long id = h.createQuery("SELECT COALESCE(MAX(id), 0) + 1 FROM experiments").mapTo(Long.class).one();
            ArtifactPaths.requireExperimentLocation(artifactLocation, id);
            String location = artifactLocation == null || artifactLocation.isEmpty() ? "mlflow-artifacts:/" + id : artifactLocation;
            h.createUpdate("INSERT INTO experiments (id, name, artifact_location, lifecycle_stage, creation_time, last_update_time, owner_id)"
                            + " VALUES (:id, :name, :loc, 'active', :now, :now, :owner)")
                    .bind("id", id).bind("name", name).bind("loc", location).bind("now", now).bind("owner", owner.id()).execute();
            Owners.tagsWith(allTags, owner).forEach((k, v) -> upsertTag(h, id, k, v));
            return Long.toString(id);
        });
    }

    Experiment get(String experimentId) {
        return db.withHandle(h -> get(h, Validation.id("experiment_id", experimentId)));
    }

    Experiment get(Handle h, long id) {
        List<Experiment> found = query(h, "SELECT " + COLUMNS + " FROM experiments e WHERE e.id = :id", Map.of("id", id));
        if (found.isEmpty()) {
            throw ChorusException.notFound("No Experiment with id=" + id + " exists");
        }
        return found.getFirst();
    }

    Experiment getByName(String name) {
        return db.withHandle(h -> {
            List<Experiment> found = query(h, "SELECT " + COLUMNS + " FROM experiments e WHERE e.name = :n", Map.of("n", name == null ? "" : name));
            if (found.isEmpty()) {
                throw ChorusException.notFound("Could not find experiment with name '" + name + "'");
            }
            return found.getFirst();
        });
    }

    void rename(String experimentId, String newName) {
        Validation.experimentName(newName);
        db.useTransaction(h -> {
            Experiment e = get(h, Validation.id("experiment_id", experimentId));
            requireActive(e, "rename");
            if (h.createQuery("SELECT COUNT(*) FROM experiments WHERE name = :n AND id <> :id").bind("n", newName)
                    .bind("id", Long.parseLong(e.experimentId())).mapTo(Integer.class).one() > 0) {
                throw new ChorusException(ErrorCode.ALREADY_EXISTS, "Experiment(name=" + newName + ") already exists.");
            }
            h.createUpdate("UPDATE experiments SET name = :n, last_update_time = :t WHERE id = :id").bind("n", newName)
                    .bind("t", clock.millis()).bind("id", Long.parseLong(e.experimentId())).execute();
        });
    }

    /** Deleting an experiment deletes its runs; restoring restores them, as MLflow's SQL store does. */
    void setStage(String experimentId, LifecycleStage stage) {
        db.useTransaction(h -> {
            long id = Long.parseLong(get(h, Validation.id("experiment_id", experimentId)).experimentId());
            long now = clock.millis();
            h.createUpdate("UPDATE experiments SET lifecycle_stage = :s, last_update_time = :t WHERE id = :id")
                    .bind("s", stage.wire()).bind("t", now).bind("id", id).execute();
            h.createUpdate("UPDATE runs SET lifecycle_stage = :s, deleted_time = :t WHERE experiment_id = :id")
                    .bind("s", stage.wire()).bind("t", stage == LifecycleStage.DELETED ? (Long) now : null).bind("id", id).execute();
        });
    }

    void setTag(String experimentId, String key, String value) {
        Validation.key("tag", key);
        Owners.requireChangeable(key);
        Validation.value("tag", key, value, Validation.MAX_EXPERIMENT_TAG_VALUE_LENGTH);
        db.useTransaction(h -> {
            Experiment e = get(h, Validation.id("experiment_id", experimentId));
            requireActive(e, "set a tag on");
            upsertTag(h, Long.parseLong(e.experimentId()), key, value);
        });
    }

    Page<Experiment> search(Caller caller, String filter, List<String> orderBy, ViewType view, int maxResults, String pageToken) {
        int limit = Validation.maxResults(maxResults, Validation.MAX_RESULTS_LIMIT);
        long offset = PageToken.offset(pageToken);
        return db.withHandle(h -> {
            SqlWhere w = new SqlWhere(dialect());
            w.add("e.lifecycle_stage IN " + w.inList(view.stages()));
            String readable = rules.readable(w, caller, PermissionTarget.EXPERIMENT, "e");
            if (readable != null) {
                w.add(readable);
            }
            for (Comparison c : FilterParser.parse(filter).comparisons()) {
                w.add(condition(w, c));
            }
            List<String> order = new ArrayList<>();
            for (String clause : orderBy == null ? List.<String>of() : orderBy) {
                OrderBy o = FilterParser.parseOrderBy(clause);
                String column = switch (o.entity() == Filter.Entity.ATTRIBUTE ? o.key() : "") {
                    case "name" -> "e.name";
                    case "experiment_id" -> "e.id";
                    case "creation_time" -> "e.creation_time";
                    case "last_update_time" -> "e.last_update_time";
                    default -> throw ChorusException.invalid("Invalid order_by entity '" + clause
                            + "': experiments order by name, experiment_id, creation_time or last_update_time");
                };
                order.add(column + (o.ascending() ? " ASC" : " DESC"));
            }
            if (order.isEmpty()) {
                order.add("e.creation_time DESC");
            }
            order.add("e.id ASC");
            String sql = "SELECT " + COLUMNS + " FROM experiments e" + w.where() + " ORDER BY " + String.join(", ", order)
                    + " LIMIT " + (limit + 1) + " OFFSET " + offset;
            List<Experiment> rows = query(h, sql, w.binds());
            return new Page<>(rows.size() > limit ? rows.subList(0, limit) : rows, PageToken.next(offset, limit, rows.size()));
        });
    }

    private org.chorus.core.db.Dialect dialect() {
        return db.dialect();
    }

    private static String condition(SqlWhere w, Comparison c) {
        return switch (c.entity()) {
            case TAG -> "e.id IN (SELECT experiment_id FROM experiment_tags WHERE tag_key = " + w.bind(c.key()) + " AND "
                    + w.text("tag_value", c) + ")";
            case ATTRIBUTE -> switch (c.key()) {
                case "name" -> w.text("e.name", c);
                case "creation_time" -> w.number("e.creation_time", c);
                case "last_update_time" -> w.number("e.last_update_time", c);
                default -> throw SqlWhere.invalid(c, "invalid attribute key '" + c.key()
                        + "': experiments filter on name, creation_time, last_update_time or tags");
            };
            case METRIC, PARAM, DATASET -> throw SqlWhere.invalid(c, "experiments cannot be filtered by " + SqlWhere.describe(c));
        };
    }

    private static void requireActive(Experiment e, String action) {
        if (e.lifecycleStage() != LifecycleStage.ACTIVE) {
            throw ChorusException.invalid("Cannot " + action + " a non-active experiment " + e.experimentId()
                    + ". The experiment must be in the 'active' state.");
        }
    }

    private static void upsertTag(Handle h, long id, String key, String value) {
        h.createUpdate("INSERT INTO experiment_tags (experiment_id, tag_key, tag_value) VALUES (:id, :k, :v)"
                        + " ON CONFLICT (experiment_id, tag_key) DO UPDATE SET tag_value = excluded.tag_value")
                .bind("id", id).bind("k", key).bind("v", value).execute();
    }

    private static List<Experiment> query(Handle h, String sql, Map<String, ?> binds) {
        List<Experiment> rows = h.createQuery(sql).bindMap(binds).map((rs, ctx) -> row(rs)).list();
        if (rows.isEmpty()) {
            return rows;
        }
        Map<String, Map<String, String>> tags = new LinkedHashMap<>();
        h.createQuery("SELECT experiment_id, tag_key, tag_value FROM experiment_tags WHERE experiment_id IN (<ids>) ORDER BY tag_key")
                .bindList("ids", rows.stream().map(e -> Long.parseLong(e.experimentId())).toList())
                .map((rs, ctx) -> {
                    tags.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>()).put(rs.getString(2), rs.getString(3));
                    return 0;
                }).list();
        return rows.stream().map(e -> new Experiment(e.experimentId(), e.name(), e.artifactLocation(), e.lifecycleStage(),
                e.creationTime(), e.lastUpdateTime(), Map.copyOf(tags.getOrDefault(e.experimentId(), Map.of())))).toList();
    }

    private static Experiment row(ResultSet rs) throws SQLException {
        return new Experiment(Long.toString(rs.getLong(1)), rs.getString(2), rs.getString(3), LifecycleStage.parse(rs.getString(4)),
                rs.getLong(5), rs.getLong(6), Map.of());
    }
}
