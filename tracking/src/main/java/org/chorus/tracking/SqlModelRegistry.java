package org.chorus.tracking;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.core.db.Database;
import org.jdbi.v3.core.Handle;

/** The registry over SQL. Version numbers are never reused: deleted versions stay as tombstones. */
final class SqlModelRegistry implements ModelRegistry {
    private static final Pattern RESERVED_ALIAS = Pattern.compile("(?i)latest|v\\d+");

    private final Database db;
    private final Clock clock;
    private final RegistryReads reads;

    SqlModelRegistry(Database db, Clock clock, AccessRules rules) {
        this.db = db;
        this.clock = clock;
        this.reads = new RegistryReads(db, rules);
    }

    @Override
    public RegisteredModel createModel(Caller caller, String name, Map<String, String> tags, String description) {
        modelName(name);
        Map<String, String> all = tags == null ? Map.of() : tags;
        all.forEach((k, v) -> tag(k, v));
        long now = clock.millis();
        db.useTransaction(h -> {
            if (reads.modelExists(h, name)) {
                throw new ChorusException(ErrorCode.ALREADY_EXISTS, "Registered Model (name=" + name + ") already exists.");
            }
            Owners.Owner owner = Owners.resolve(h, caller, all);
            h.createUpdate("INSERT INTO registered_models (name, creation_time, last_updated_time, description, owner_id)"
                            + " VALUES (:n, :t, :t, :d, :owner)")
                    .bind("n", name).bind("t", now).bind("d", description).bind("owner", owner.id()).execute();
            Owners.tagsWith(all, owner).forEach((k, v) -> upsertModelTag(h, name, k, v));
        });
        return getModel(name);
    }

    @Override
    public RegisteredModel getModel(String name) {
        return db.withHandle(h -> reads.model(h, name));
    }

    @Override
    public RegisteredModel renameModel(String name, String newName) {
        modelName(newName);
        db.useTransaction(h -> {
            reads.requireModel(h, name);
            if (reads.modelExists(h, newName)) {
                throw new ChorusException(ErrorCode.ALREADY_EXISTS, "Registered Model (name=" + newName + ") already exists.");
            }
            h.createUpdate("UPDATE registered_models SET name = :nn, last_updated_time = :t WHERE name = :n")
                    .bind("nn", newName).bind("n", name).bind("t", clock.millis()).execute();
        });
        return getModel(newName);
    }

    @Override
    public RegisteredModel updateModel(String name, String description) {
        db.useTransaction(h -> {
            reads.requireModel(h, name);
            h.createUpdate("UPDATE registered_models SET description = :d, last_updated_time = :t WHERE name = :n")
                    .bind("d", description).bind("t", clock.millis()).bind("n", name).execute();
        });
        return getModel(name);
    }

    @Override
    public void deleteModel(String name) {
        db.useTransaction(h -> {
            reads.requireModel(h, name);
            h.createUpdate("DELETE FROM registered_models WHERE name = :n").bind("n", name).execute();
        });
    }

    @Override
    public Page<RegisteredModel> searchModels(Caller caller, String filter, int maxResults, List<String> orderBy, String pageToken) {
        return reads.searchModels(caller, filter, maxResults, orderBy, pageToken);
    }

    @Override
    public List<ModelVersion> latestVersions(String name, List<String> stages) {
        return db.withHandle(h -> {
            reads.requireModel(h, name);
            List<String> wanted = stages == null || stages.isEmpty() ? Stage.ALL : stages.stream().map(Stage::canonical).toList();
            return reads.latest(h, name).stream().filter(v -> wanted.contains(v.currentStage())).toList();
        });
    }

    @Override
    public void setModelTag(String name, String key, String value) {
        tag(key, value);
        Owners.requireChangeable(key);
        db.useTransaction(h -> {
            reads.requireModel(h, name);
            upsertModelTag(h, name, key, value);
        });
    }

    @Override
    public void deleteModelTag(String name, String key) {
        Owners.requireChangeable(key);
        db.useTransaction(h -> {
            reads.requireModel(h, name);
            h.createUpdate("DELETE FROM registered_model_tags WHERE name = :n AND tag_key = :k").bind("n", name).bind("k", key).execute();
        });
    }

    @Override
    public void setAlias(String name, String alias, int version) {
        if (alias == null || alias.isEmpty() || alias.length() > 255 || RESERVED_ALIAS.matcher(alias).matches()) {
            throw ChorusException.invalid("Invalid alias name '" + alias + "': must be 1 to 255 characters and not 'latest' nor"
                    + " of the form v<number>, which are reserved");
        }
        db.useTransaction(h -> {
            reads.requireVersion(h, name, version);
            h.createUpdate("INSERT INTO registered_model_aliases VALUES (:n, :a, :v) ON CONFLICT (name, alias) DO UPDATE SET version = excluded.version")
                    .bind("n", name).bind("a", alias).bind("v", version).execute();
        });
    }

    @Override
    public void deleteAlias(String name, String alias) {
        db.useTransaction(h -> {
            reads.requireModel(h, name);
            h.createUpdate("DELETE FROM registered_model_aliases WHERE name = :n AND alias = :a").bind("n", name).bind("a", alias).execute();
        });
    }

    @Override
    public ModelVersion versionByAlias(String name, String alias) {
        return db.withHandle(h -> {
            Integer version = h.createQuery("SELECT version FROM registered_model_aliases WHERE name = :n AND alias = :a")
                    .bind("n", name).bind("a", alias).mapTo(Integer.class).findOne()
                    .orElseThrow(() -> ChorusException.notFound("Registered model alias " + alias + " not found."));
            return reads.version(h, name, version);
        });
    }

    @Override
    public ModelVersion createVersion(String name, String source, String runId, Map<String, String> tags, String runLink,
                                      String description, String userId) {
        ModelSource.validate(source);
        Map<String, String> all = tags == null ? Map.of() : tags;
        all.forEach((k, v) -> tag(k, v));
        long now = clock.millis();
        int version = db.inTransaction(h -> {
            reads.requireModel(h, name);
            int next = h.createQuery("SELECT COALESCE(MAX(version), 0) + 1 FROM model_versions WHERE name = :n").bind("n", name)
                    .mapTo(Integer.class).one();
            h.createUpdate("INSERT INTO model_versions (name, version, creation_time, last_updated_time, description, user_id,"
                            + " current_stage, source, run_id, run_link, status, deleted)"
                            + " VALUES (:n, :v, :t, :t, :d, :u, 'None', :s, :r, :l, 'READY', FALSE)")
                    .bind("n", name).bind("v", next).bind("t", now).bind("d", description).bind("u", userId).bind("s", source)
                    .bind("r", runId == null || runId.isEmpty() ? null : runId).bind("l", runLink).execute();
            h.createUpdate("UPDATE registered_models SET last_updated_time = :t WHERE name = :n").bind("t", now).bind("n", name).execute();
            all.forEach((k, v) -> upsertVersionTag(h, name, next, k, v));
            return next;
        });
        return getVersion(name, version);
    }

    @Override
    public List<ModelVersion> versions(String name) {
        return db.withHandle(h -> {
            reads.requireModel(h, name);
            return reads.all(h, name);
        });
    }

    @Override
    public ModelVersion getVersion(String name, int version) {
        return db.withHandle(h -> reads.version(h, name, version));
    }

    @Override
    public ModelVersion updateVersion(String name, int version, String description) {
        db.useTransaction(h -> {
            reads.requireVersion(h, name, version);
            h.createUpdate("UPDATE model_versions SET description = :d, last_updated_time = :t WHERE name = :n AND version = :v")
                    .bind("d", description).bind("t", clock.millis()).bind("n", name).bind("v", version).execute();
        });
        return getVersion(name, version);
    }

    @Override
    public ModelVersion transitionStage(String name, int version, String stage, boolean archiveExisting) {
        String target = Stage.canonical(stage);
        long now = clock.millis();
        db.useTransaction(h -> {
            reads.requireVersion(h, name, version);
            if (archiveExisting && (target.equals(Stage.STAGING) || target.equals(Stage.PRODUCTION))) {
                h.createUpdate("UPDATE model_versions SET current_stage = 'Archived', last_updated_time = :t"
                                + " WHERE name = :n AND version <> :v AND current_stage = :s AND NOT deleted")
                        .bind("t", now).bind("n", name).bind("v", version).bind("s", target).execute();
            }
            h.createUpdate("UPDATE model_versions SET current_stage = :s, last_updated_time = :t WHERE name = :n AND version = :v")
                    .bind("s", target).bind("t", now).bind("n", name).bind("v", version).execute();
        });
        return getVersion(name, version);
    }

    @Override
    public void deleteVersion(String name, int version) {
        db.useTransaction(h -> {
            reads.requireVersion(h, name, version);
            h.createUpdate("UPDATE model_versions SET deleted = TRUE, current_stage = 'Deleted', last_updated_time = :t"
                    + " WHERE name = :n AND version = :v").bind("t", clock.millis()).bind("n", name).bind("v", version).execute();
            h.createUpdate("DELETE FROM registered_model_aliases WHERE name = :n AND version = :v").bind("n", name).bind("v", version).execute();
            h.createUpdate("DELETE FROM model_version_tags WHERE name = :n AND version = :v").bind("n", name).bind("v", version).execute();
        });
    }

    @Override
    public Page<ModelVersion> searchVersions(Caller caller, String filter, int maxResults, List<String> orderBy, String pageToken) {
        return reads.searchVersions(caller, filter, maxResults, orderBy, pageToken);
    }

    @Override
    public void setVersionTag(String name, int version, String key, String value) {
        tag(key, value);
        db.useTransaction(h -> {
            reads.requireVersion(h, name, version);
            upsertVersionTag(h, name, version, key, value);
        });
    }

    @Override
    public void deleteVersionTag(String name, int version, String key) {
        db.useTransaction(h -> {
            reads.requireVersion(h, name, version);
            h.createUpdate("DELETE FROM model_version_tags WHERE name = :n AND version = :v AND tag_key = :k")
                    .bind("n", name).bind("v", version).bind("k", key).execute();
        });
    }

    @Override
    public ModelVersion relink(String name, int version, String source, Map<String, String> tags) {
        ModelSource.validate(source);
        tags.forEach((k, v) -> tag(k, v));
        db.useTransaction(h -> {
            reads.requireVersion(h, name, version);
            h.createUpdate("UPDATE model_versions SET source = :s, last_updated_time = :t WHERE name = :n AND version = :v")
                    .bind("s", source).bind("t", clock.millis()).bind("n", name).bind("v", version).execute();
            tags.forEach((k, v) -> upsertVersionTag(h, name, version, k, v));
        });
        return getVersion(name, version);
    }

    @Override
    public String downloadUri(String name, int version) {
        ModelVersion v = getVersion(name, version);
        String source = v.source();
        if (source.startsWith("runs:/") && v.runId() != null) {
            String rest = source.substring("runs:/".length());
            int slash = rest.indexOf('/');
            String runId = slash < 0 ? rest : rest.substring(0, slash);
            String path = slash < 0 ? "" : rest.substring(slash);
            return db.withHandle(h -> h.createQuery("SELECT artifact_uri FROM runs WHERE run_uuid = :u").bind("u", runId)
                    .mapTo(String.class).findOne().map(uri -> uri + path).orElse(source));
        }
        return source;
    }

    private static void modelName(String name) {
        if (name == null || name.isEmpty()) {
            throw ChorusException.invalid("Missing value for required parameter 'name'");
        }
        if (name.length() > 256) {
            throw ChorusException.invalid("Registered model name is longer than 256 characters");
        }
    }

    private static void tag(String key, String value) {
        Validation.key("tag", key);
        Validation.value("tag", key, value, Validation.MAX_EXPERIMENT_TAG_VALUE_LENGTH);
    }

    private static void upsertModelTag(Handle h, String name, String key, String value) {
        h.createUpdate("INSERT INTO registered_model_tags VALUES (:n, :k, :v) ON CONFLICT (name, tag_key) DO UPDATE SET tag_value = excluded.tag_value")
                .bind("n", name).bind("k", key).bind("v", value).execute();
    }

    private static void upsertVersionTag(Handle h, String name, int version, String key, String value) {
        h.createUpdate("INSERT INTO model_version_tags VALUES (:n, :ver, :k, :v)"
                        + " ON CONFLICT (name, version, tag_key) DO UPDATE SET tag_value = excluded.tag_value")
                .bind("n", name).bind("ver", version).bind("k", key).bind("v", value).execute();
    }

    /** MLflow's deprecated stages, matched case-insensitively and stored in canonical case. */
    static final class Stage {
        static final String NONE = "None";
        static final String STAGING = "Staging";
        static final String PRODUCTION = "Production";
        static final String ARCHIVED = "Archived";
        static final List<String> ALL = List.of(NONE, STAGING, PRODUCTION, ARCHIVED);

        private Stage() {}

        static String canonical(String stage) {
            for (String s : ALL) {
                if (s.equalsIgnoreCase(stage)) {
                    return s;
                }
            }
            throw ChorusException.invalid("Invalid Model Version stage: " + stage + ". Value must be one of " + String.join(", ", ALL) + ".");
        }
    }
}
