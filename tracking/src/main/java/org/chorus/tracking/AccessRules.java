package org.chorus.tracking;

import java.util.Optional;
import java.util.function.Supplier;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.jdbi.v3.core.Handle;

/**
 * The permission rules, in one place: what a caller holds on one experiment or registered model, and which rows a
 * search may show them. Site admins and the owner hold MANAGE; members of an owning organisation hold their role's
 * right (read → READ, write → EDIT, admin → MANAGE); a user's own grant replaces the default permission for them,
 * and the larger of that and their role counts. Anonymous callers hold the default; a read-only token caps
 * everything at READ. A caller below READ is told the resource does not exist.
 */
final class AccessRules {
    private static final String OWNER_ROLE = "(SELECT m.role FROM memberships m WHERE m.org_id = t.owner_id AND m.user_id = :u)";

    private final Permission defaultPermission;

    AccessRules(Permission defaultPermission) {
        this.defaultPermission = defaultPermission;
    }

    Permission defaultPermission() {
        return defaultPermission;
    }

    /** One resource's owner, the caller's role in the owning organisation and the caller's own grant (each may be null). */
    record Facts(String ownerId, String orgRole, String grant) {}

    /**
     * The facts of the target row {@code t} that {@code fromWhere} selects (it binds {@code :k}), for the caller;
     * empty when there is no such row.
     */
    Optional<Facts> facts(Handle h, PermissionTarget target, Caller caller, String fromWhere, Object key) {
        return h.createQuery("SELECT t.owner_id, " + OWNER_ROLE + ", (SELECT g.permission FROM " + target.grants + " g WHERE g."
                        + target.grantKey + " = t." + target.key + " AND g.user_id = :u) " + fromWhere)
                .bind("u", userKey(caller)).bind("k", key)
                .map((rs, ctx) -> new Facts(rs.getString(1), rs.getString(2), rs.getString(3))).findOne();
    }

    /** The {@code fromWhere} of {@link #facts} that selects the target row by its own key. */
    static String byKey(PermissionTarget target) {
        return "FROM " + target.table + " t WHERE t." + target.key + " = :k";
    }

    /** What the caller holds, before a read-only token's cap. */
    Permission full(Caller caller, Facts f) {
        if (caller.siteAdmin() || (caller.isAccount() && caller.accountId().equals(f.ownerId()))) {
            return Permission.MANAGE;
        }
        if (!caller.isAccount()) {
            return defaultPermission;
        }
        Permission own = f.grant() == null ? defaultPermission : Permission.parse(f.grant());
        return own.atLeast(Permission.ofOrgRole(f.orgRole()));
    }

    /** What the caller holds on the resource {@code facts} describe (none when there is no such resource). */
    Permission held(Caller caller, Optional<Facts> facts) {
        return facts.map(f -> full(caller, f)).orElse(Permission.NO_PERMISSIONS);
    }

    /**
     * Returns normally when {@code full} (what the caller holds) with the token's cap includes {@code needed};
     * otherwise the error the caller may see: {@code notFound} below READ (absent and hidden look the same), else 401
     * without a token, else 403.
     */
    void require(Caller caller, Permission full, Permission needed, String what, Supplier<ChorusException> notFound) {
        if (!full.includes(Permission.READ)) {
            throw notFound.get();
        }
        Permission effective = caller.writeToken() ? full : full.atMost(Permission.READ);
        if (effective.includes(needed)) {
            return;
        }
        if (caller.isAnonymous()) {
            throw new ChorusException(ErrorCode.UNAUTHENTICATED, "this needs an access token: send Authorization: Bearer hf_...");
        }
        if (full.includes(needed)) {
            throw new ChorusException(ErrorCode.PERMISSION_DENIED, "Permission denied: the token is read-only");
        }
        throw new ChorusException(ErrorCode.PERMISSION_DENIED, "Permission denied: " + what + " needs " + needed + "; "
                + (caller.name() == null ? "you" : caller.name()) + " hold" + (caller.name() == null ? "" : "s") + " " + full);
    }

    /**
     * A condition on the target's rows at {@code alias} that holds where the caller may read them, or null when the
     * caller may read every row. The same rules as {@link #full}, so a search never shows what a get would hide.
     */
    String readable(SqlWhere w, Caller caller, PermissionTarget target, String alias) {
        boolean byDefault = defaultPermission.includes(Permission.READ);
        if (caller.siteAdmin()) {
            return null;
        }
        if (!caller.isAccount()) {
            return byDefault ? null : "1 = 0";
        }
        String u = w.bind(caller.accountId());
        String grants = "SELECT 1 FROM " + target.grants + " g WHERE g." + target.grantKey + " = " + alias + "." + target.key
                + " AND g.user_id = " + u + " AND g.permission ";
        return "(" + alias + ".owner_id = " + u
                + " OR " + alias + ".owner_id IN (SELECT m.org_id FROM memberships m WHERE m.user_id = " + u + ")"
                + (byDefault ? " OR NOT EXISTS (" + grants + "= 'NO_PERMISSIONS')" : " OR EXISTS (" + grants + "<> 'NO_PERMISSIONS')")
                + ")";
    }

    private static String userKey(Caller caller) {
        return caller.isAccount() ? caller.accountId() : ""; // no account has the empty id
    }
}
