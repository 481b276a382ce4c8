package org.chorus.tracking;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.core.db.Database;
import org.jdbi.v3.core.Handle;

/** Permission checks as one query per request (the resource's owner, the caller's role and grant), and grants over SQL. */
final class SqlTrackingAccess implements TrackingAccess {
    /** An artifact path under an experiment's default location: {@code <experiment id>[/…]}. */
    private static final Pattern EXPERIMENT_PATH = Pattern.compile("(\\d{1,18})(?:/.*)?");

    private final Database db;
    private final AccessRules rules;

    SqlTrackingAccess(Database db, AccessRules rules) {
        this.db = db;
        this.rules = rules;
    }

    @Override
    public void requireExperiment(Caller caller, String experimentId, Permission needed) {
        long id = Validation.id("experiment_id", experimentId);
        require(caller, PermissionTarget.EXPERIMENT, AccessRules.byKey(PermissionTarget.EXPERIMENT), id, needed, "experiment " + id,
                () -> experimentNotFound(id));
    }

    @Override
    public void requireExperimentNamed(Caller caller, String name, Permission needed) {
        String n = name == null ? "" : name;
        require(caller, PermissionTarget.EXPERIMENT, "FROM experiments t WHERE t.name = :k", n, needed, "experiment '" + n + "'",
                () -> ChorusException.notFound("Could not find experiment with name '" + name + "'"));
    }

    @Override
    public void requireRun(Caller caller, String runId, Permission needed) {
        String id = runId == null ? "" : runId;
        require(caller, PermissionTarget.EXPERIMENT, "FROM runs r JOIN experiments t ON t.id = r.experiment_id WHERE r.run_uuid = :k", id,
                needed, "run " + id, () -> ChorusException.notFound("Run with id=" + runId + " not found"));
    }

    @Override
    public void requireArtifact(Caller caller, String path, Permission needed) {
        Long id = experimentOf(path);
        Optional<AccessRules.Facts> facts = id == null ? Optional.empty() : db.withHandle(h -> rules.facts(h, PermissionTarget.EXPERIMENT,
                caller, AccessRules.byKey(PermissionTarget.EXPERIMENT), id));
        if (facts.isPresent()) {
            rules.require(caller, rules.held(caller, facts), needed, "artifact path '" + path + "' (experiment " + id + ")",
                    () -> ChorusException.notFound("No artifact at " + path));
            return;
        }
        // An experiment's path where there is no such experiment answers as a hidden one does, so that no id can be probed
        Permission outside = caller.siteAdmin() ? Permission.MANAGE
                : id != null ? Permission.NO_PERMISSIONS : rules.defaultPermission().atMost(Permission.READ);
        rules.require(caller, outside, needed, "artifact path '" + path + "' (outside every experiment)",
                () -> ChorusException.notFound("No artifact at " + path));
    }

    @Override
    public List<String> readableArtifactRoots(Caller caller, List<String> names) {
        if (caller.siteAdmin()) {
            return names;
        }
        List<Long> ids = names.stream().map(SqlTrackingAccess::experimentOf).filter(Objects::nonNull).toList();
        Set<Long> readable = ids.isEmpty() ? Set.of() : readableExperiments(caller, ids);
        return names.stream().filter(n -> experimentOf(n) == null || readable.contains(experimentOf(n))).toList();
    }

    /** The experiments of {@code ids} that exist and the caller may read: one query. */
    private Set<Long> readableExperiments(Caller caller, List<Long> ids) {
        SqlWhere w = new SqlWhere(db.dialect());
        IdSet set = IdSet.of(db.dialect(), ids);
        String readable = rules.readable(w, caller, PermissionTarget.EXPERIMENT, "t");
        String sql = "SELECT t.id FROM experiments t WHERE " + set.in("t.id") + (readable == null ? "" : " AND " + readable);
        return db.withHandle(h -> set.bind(h.createQuery(sql).bindMap(w.binds())).mapTo(Long.class).set());
    }

    /** The experiment id an artifact path's first segment names, or null when it names none. */
    private static Long experimentOf(String path) {
        Matcher m = EXPERIMENT_PATH.matcher(path);
        return m.matches() ? Long.valueOf(m.group(1)) : null;
    }

    @Override
    public void requireModel(Caller caller, String name, Permission needed) {
        String n = name == null ? "" : name;
        require(caller, PermissionTarget.REGISTERED_MODEL, AccessRules.byKey(PermissionTarget.REGISTERED_MODEL), n, needed,
                "registered model '" + n + "'", () -> modelNotFound(name));
    }

    /** Checks {@code needed} on the target row {@code fromWhere} selects with {@code key}: one query. */
    private void require(Caller caller, PermissionTarget target, String fromWhere, Object key, Permission needed, String what,
                         Supplier<ChorusException> notFound) {
        Permission full = rules.held(caller, db.withHandle(h -> rules.facts(h, target, caller, fromWhere, key)));
        rules.require(caller, full, needed, what, notFound);
    }

    @Override
    public PermissionGrant createGrant(Caller actor, PermissionTarget target, String key, String username, Permission permission) {
        Object k = key(target, key);
        String shown = String.valueOf(k);
        return db.inTransaction(h -> {
            requireManage(h, actor, target, k);
            Grantee user = grantee(h, username);
            if (stored(h, target, k, user).isPresent()) {
                throw new ChorusException(ErrorCode.ALREADY_EXISTS, target.grantDescription(shown, user.name(), true) + " already exists.");
            }
            h.createUpdate("INSERT INTO " + target.grants + " (" + target.grantKey + ", user_id, permission) VALUES (:k, :u, :p)")
                    .bind("k", k).bind("u", user.id()).bind("p", permission.name()).execute();
            return new PermissionGrant(target, shown, user.id(), user.name(), permission);
        });
    }

    @Override
    public PermissionGrant grant(Caller actor, PermissionTarget target, String key, String username) {
        Object k = key(target, key);
        String shown = String.valueOf(k);
        return db.withHandle(h -> {
            requireManage(h, actor, target, k);
            Grantee user = grantee(h, username);
            Permission p = stored(h, target, k, user).orElseThrow(() -> missingGrant(target, shown, user));
            return new PermissionGrant(target, shown, user.id(), user.name(), p);
        });
    }

    @Override
    public void updateGrant(Caller actor, PermissionTarget target, String key, String username, Permission permission) {
        Object k = key(target, key);
        String shown = String.valueOf(k);
        db.useTransaction(h -> {
            requireManage(h, actor, target, k);
            Grantee user = grantee(h, username);
            if (h.createUpdate("UPDATE " + target.grants + " SET permission = :p WHERE " + target.grantKey + " = :k AND user_id = :u")
                    .bind("p", permission.name()).bind("k", k).bind("u", user.id()).execute() == 0) {
                throw missingGrant(target, shown, user);
            }
        });
    }

    @Override
    public void deleteGrant(Caller actor, PermissionTarget target, String key, String username) {
        Object k = key(target, key);
        String shown = String.valueOf(k);
        db.useTransaction(h -> {
            requireManage(h, actor, target, k);
            Grantee user = grantee(h, username);
            if (h.createUpdate("DELETE FROM " + target.grants + " WHERE " + target.grantKey + " = :k AND user_id = :u")
                    .bind("k", k).bind("u", user.id()).execute() == 0) {
                throw missingGrant(target, shown, user);
            }
        });
    }

    /** An experiment's id as stored (a number), or a model's name. */
    private static Object key(PermissionTarget target, String key) {
        if (target == PermissionTarget.EXPERIMENT) {
            return Validation.id("experiment_id", key);
        }
        if (key == null || key.isEmpty()) {
            throw ChorusException.invalid("Missing value for required parameter 'name'");
        }
        return key;
    }

    private void requireManage(Handle h, Caller actor, PermissionTarget target, Object key) {
        Supplier<ChorusException> notFound = target == PermissionTarget.EXPERIMENT
                ? () -> experimentNotFound((Long) key) : () -> modelNotFound((String) key);
        rules.require(actor, rules.held(actor, rules.facts(h, target, actor, AccessRules.byKey(target), key)), Permission.MANAGE, "managing permissions of " + target.noun + " " + key, notFound);
    }

    /** A user permissions can be granted to. */
    private record Grantee(String id, String name) {}

    private static Grantee grantee(Handle h, String username) {
        if (username == null || username.isEmpty()) {
            throw ChorusException.invalid("Missing value for required parameter 'username'");
        }
        record Row(String id, String name, String kind) {}
        Row row = h.createQuery("SELECT id, name, kind FROM accounts WHERE name_key = :k").bind("k", username.toLowerCase(Locale.ROOT))
                .map((rs, ctx) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3))).findOne()
                .orElseThrow(() -> ChorusException.notFound("User with username=" + username + " not found"));
        if (!row.kind().equals("user")) {
            throw ChorusException.invalid("'" + row.name() + "' is an organisation: permissions are granted to users (an organisation's"
                    + " members hold their role's rights on what it owns)");
        }
        return new Grantee(row.id(), row.name());
    }

    private static Optional<Permission> stored(Handle h, PermissionTarget target, Object key, Grantee user) {
        return h.createQuery("SELECT permission FROM " + target.grants + " WHERE " + target.grantKey + " = :k AND user_id = :u")
                .bind("k", key).bind("u", user.id()).mapTo(String.class).findOne().map(Permission::parse);
    }

    private static ChorusException missingGrant(PermissionTarget target, String key, Grantee user) {
        return ChorusException.notFound(target.grantDescription(key, user.name(), false) + " not found");
    }

    static ChorusException experimentNotFound(long id) {
        return ChorusException.notFound("No Experiment with id=" + id + " exists");
    }

    static ChorusException modelNotFound(String name) {
        return ChorusException.notFound("Registered Model with name=" + name + " not found");
    }
}
