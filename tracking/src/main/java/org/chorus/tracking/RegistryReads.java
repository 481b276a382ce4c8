package org.chorus.tracking;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chorus.core.ChorusException;
import org.chorus.core.db.Database;
import org.chorus.tracking.Filter.Comparison;
import org.jdbi.v3.core.Handle;

/** Registry reads: models with their latest versions, tags and aliases; versions; and the two searches. */
final class RegistryReads {
    private static final String VERSION_COLUMNS = "v.name, v.version, v.creation_time, v.last_updated_time, v.user_id, v.current_stage,"
            + " v.description, v.source, v.run_id, v.run_link, v.status, v.status_message";

    private final Database db;
    private final AccessRules rules;

    RegistryReads(Database db, AccessRules rules) {
        this.db = db;
        this.rules = rules;
    }

    boolean modelExists(Handle h, String name) {
        return h.createQuery("SELECT COUNT(*) FROM registered_models WHERE name = :n").bind("n", name).mapTo(Integer.class).one() > 0;
    }

    void requireModel(Handle h, String name) {
        if (name == null || !modelExists(h, name)) {
            throw ChorusException.notFound("Registered Model with name=" + name + " not found");
        }
    }

    void requireVersion(Handle h, String name, int version) {
        requireModel(h, name);
        if (h.createQuery("SELECT COUNT(*) FROM model_versions WHERE name = :n AND version = :v AND NOT deleted").bind("n", name)
                .bind("v", version).mapTo(Integer.class).one() == 0) {
            throw ChorusException.notFound("Model Version (name=" + name + ", version=" + version + ") not found");
        }
    }

    RegisteredModel model(Handle h, String name) {
        List<RegisteredModel> found = models(h, "SELECT m.name, m.creation_time, m.last_updated_time, m.description FROM registered_models m"
                + " WHERE m.name = :b0", Map.of("b0", name == null ? "" : name));
        if (found.isEmpty()) {
            throw ChorusException.notFound("Registered Model with name=" + name + " not found");
        }
        return found.getFirst();
    }

    ModelVersion version(Handle h, String name, int version) {
        requireVersion(h, name, version);
        return versions(h, "SELECT " + VERSION_COLUMNS + " FROM model_versions v WHERE v.name = :b0 AND v.version = :b1",
                Map.of("b0", name, "b1", version)).getFirst();
    }

    /** Every live version of the model, newest first. */
    List<ModelVersion> all(Handle h, String name) {
        return versions(h, "SELECT " + VERSION_COLUMNS + " FROM model_versions v WHERE v.name = :b0 AND NOT v.deleted"
                + " ORDER BY v.version DESC", Map.of("b0", name));
    }

    /** The newest live version in each stage. */
    List<ModelVersion> latest(Handle h, String name) {
        List<ModelVersion> all = all(h, name);
        Map<String, ModelVersion> byStage = new LinkedHashMap<>();
        for (ModelVersion v : all) {
            byStage.putIfAbsent(v.currentStage(), v);
        }
        return byStage.values().stream().sorted((a, b) -> Integer.compare(a.version(), b.version())).toList();
    }

    Page<RegisteredModel> searchModels(Caller caller, String filter, int maxResults, List<String> orderBy, String pageToken) {
        int limit = Validation.maxResults(maxResults, 1000);
        long offset = PageToken.offset(pageToken);
        SqlWhere w = new SqlWhere(db.dialect());
        String readable = rules.readable(w, caller, PermissionTarget.REGISTERED_MODEL, "m");
        if (readable != null) {
            w.add(readable);
        }
        for (Comparison c : FilterParser.parse(filter).comparisons()) {
            w.add(switch (c.entity()) {
                case TAG -> "m.name IN (SELECT name FROM registered_model_tags WHERE tag_key = " + w.bind(c.key()) + " AND "
                        + w.text("tag_value", c) + ")";
                case ATTRIBUTE -> {
                    if (!c.key().equals("name")) {
                        throw SqlWhere.invalid(c, "invalid attribute key '" + c.key() + "': registered models filter on name or tags");
                    }
                    yield w.text("m.name", c);
                }
                default -> throw SqlWhere.invalid(c, "registered models cannot be filtered by " + SqlWhere.describe(c));
            });
        }
        String order = order(orderBy, "m.", "m.name ASC", false);
        String sql = "SELECT m.name, m.creation_time, m.last_updated_time, m.description FROM registered_models m" + w.where()
                + " ORDER BY " + order + " LIMIT " + (limit + 1) + " OFFSET " + offset;
        return db.withHandle(h -> {
            List<RegisteredModel> rows = models(h, sql, w.binds());
            return new Page<>(rows.size() > limit ? rows.subList(0, limit) : rows, PageToken.next(offset, limit, rows.size()));
        });
    }

    Page<ModelVersion> searchVersions(Caller caller, String filter, int maxResults, List<String> orderBy, String pageToken) {
        int limit = Validation.maxResults(maxResults, 200_000);
        long offset = PageToken.offset(pageToken);
        SqlWhere w = new SqlWhere(db.dialect());
        w.add("NOT v.deleted");
        String readable = rules.readable(w, caller, PermissionTarget.REGISTERED_MODEL, "m");
        if (readable != null) {
            w.add("v.name IN (SELECT m.name FROM registered_models m WHERE " + readable + ")");
        }
        for (Comparison c : FilterParser.parse(filter).comparisons()) {
            w.add(switch (c.entity()) {
                case TAG -> "EXISTS (SELECT 1 FROM model_version_tags t WHERE t.name = v.name AND t.version = v.version AND t.tag_key = "
                        + w.bind(c.key()) + " AND " + w.text("t.tag_value", c) + ")";
                case ATTRIBUTE -> switch (c.key()) {
                    case "name" -> w.text("v.name", c);
                    case "run_id" -> w.text("v.run_id", c);
                    case "source_path", "source" -> w.text("v.source", c);
                    case "version_number" -> w.number("v.version", c);
                    default -> throw SqlWhere.invalid(c, "invalid attribute key '" + c.key()
                            + "': model versions filter on name, run_id, source_path, version_number or tags");
                };
                default -> throw SqlWhere.invalid(c, "model versions cannot be filtered by " + SqlWhere.describe(c));
            });
        }
        String order = order(orderBy, "v.", "v.last_updated_time DESC, v.name ASC, v.version DESC", true);
        String sql = "SELECT " + VERSION_COLUMNS + " FROM model_versions v" + w.where() + " ORDER BY " + order
                + " LIMIT " + (limit + 1) + " OFFSET " + offset;
        return db.withHandle(h -> {
            List<ModelVersion> rows = versions(h, sql, w.binds());
            return new Page<>(rows.size() > limit ? rows.subList(0, limit) : rows, PageToken.next(offset, limit, rows.size()));
        });
    }

    private static String order(List<String> orderBy, String alias, String fallback, boolean versions) {
        List<String> out = new ArrayList<>();
        for (String clause : orderBy == null ? List.<String>of() : orderBy) {
            OrderBy o = FilterParser.parseOrderBy(clause);
            String column = switch (o.entity() == Filter.Entity.ATTRIBUTE ? o.key() : "") {
                case "name" -> "name";
                case "creation_timestamp", "timestamp" -> "creation_time";
                case "last_updated_timestamp" -> "last_updated_time";
                case "version_number" -> {
                    if (!versions) {
                        throw ChorusException.invalid("Invalid order_by clause '" + clause + "'");
                    }
                    yield "version";
                }
                default -> throw ChorusException.invalid("Invalid order_by clause '" + clause
                        + "': order by name, creation_timestamp, last_updated_timestamp" + (versions ? " or version_number" : ""));
            };
            out.add(alias + column + (o.ascending() ? " ASC" : " DESC"));
        }
        out.add(fallback);
        return String.join(", ", out);
    }

    private List<RegisteredModel> models(Handle h, String sql, Map<String, ?> binds) {
        record Row(String name, long created, long updated, String description) {}
        List<Row> rows = h.createQuery(sql).bindMap(binds)
                .map((rs, ctx) -> new Row(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getString(4))).list();
        List<RegisteredModel> out = new ArrayList<>();
        for (Row r : rows) {
            Map<String, String> tags = new LinkedHashMap<>();
            h.createQuery("SELECT tag_key, tag_value FROM registered_model_tags WHERE name = :n ORDER BY tag_key").bind("n", r.name())
                    .map((rs, ctx) -> {
                        tags.put(rs.getString(1), rs.getString(2));
                        return 0;
                    }).list();
            Map<String, Integer> aliases = new LinkedHashMap<>();
            h.createQuery("SELECT alias, version FROM registered_model_aliases WHERE name = :n ORDER BY alias").bind("n", r.name())
                    .map((rs, ctx) -> {
                        aliases.put(rs.getString(1), rs.getInt(2));
                        return 0;
                    }).list();
            out.add(new RegisteredModel(r.name(), r.created(), r.updated(), r.description(), latest(h, r.name()), tags, aliases));
        }
        return out;
    }

    private static List<ModelVersion> versions(Handle h, String sql, Map<String, ?> binds) {
        List<ModelVersion> bare = h.createQuery(sql).bindMap(binds).map((rs, ctx) -> version(rs)).list();
        List<ModelVersion> out = new ArrayList<>();
        for (ModelVersion v : bare) {
            Map<String, String> tags = new LinkedHashMap<>();
            h.createQuery("SELECT tag_key, tag_value FROM model_version_tags WHERE name = :n AND version = :v ORDER BY tag_key")
                    .bind("n", v.name()).bind("v", v.version()).map((rs, ctx) -> {
                        tags.put(rs.getString(1), rs.getString(2));
                        return 0;
                    }).list();
            List<String> aliases = h.createQuery("SELECT alias FROM registered_model_aliases WHERE name = :n AND version = :v ORDER BY alias")
                    .bind("n", v.name()).bind("v", v.version()).mapTo(String.class).list();
            out.add(new ModelVersion(v.name(), v.version(), v.creationTimestamp(), v.lastUpdatedTimestamp(), v.userId(), v.currentStage(),
                    v.description(), v.source(), v.runId(), v.runLink(), v.status(), v.statusMessage(), tags, aliases));
        }
        return out;
    }

    private static ModelVersion version(ResultSet rs) throws SQLException {
        return new ModelVersion(rs.getString(1), rs.getInt(2), rs.getLong(3), rs.getLong(4), rs.getString(5), rs.getString(6),
                rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11), rs.getString(12), Map.of(), List.of());
    }
}
