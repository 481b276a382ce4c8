package org.chorus.tracking;

/**
 * Who asks, as tracking's permission rules see them: a user account (by id and name), whether it is a site admin,
 * and whether its token may write (a read-only token caps every permission at READ). The server maps the hub's
 * principal to one per request.
 */
public record Caller(String accountId, String name, boolean siteAdmin, boolean writeToken) {
    private static final Caller ANONYMOUS = new Caller(null, null, false, false);
    private static final Caller SERVER = new Caller(null, null, true, true);

    public static Caller user(String accountId, String name, boolean siteAdmin, boolean writeToken) {
        if (accountId == null || name == null) {
            throw new IllegalArgumentException("a user caller needs an account id and a name");
        }
        return new Caller(accountId, name, siteAdmin, writeToken);
    }

    /** No token: the default permission, at most READ. */
    public static Caller anonymous() {
        return ANONYMOUS;
    }

    /** The server itself (the federated coordinator's runs): every right; what it creates has no owner. */
    public static Caller server() {
        return SERVER;
    }

    public boolean isAnonymous() {
        return accountId == null && !siteAdmin;
    }

    /** An account that owns what it creates; the server and anonymous callers are none. */
    boolean isAccount() {
        return accountId != null;
    }
}
