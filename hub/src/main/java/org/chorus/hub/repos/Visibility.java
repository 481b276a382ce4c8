package org.chorus.hub.repos;

import java.util.Map;
import java.util.Optional;
import org.chorus.hub.accounts.Principal;

/**
 * The SQL condition "the caller may read repository {@code r}" — the rule {@link RepoAccess} applies to one row,
 * written once for queries over many: site admins see everything, others public repositories, their own and their
 * organisations'. Every listing (repositories, likes, facets, activity) filters with it, so none can leak a private one.
 */
final class Visibility {
    private Visibility() {}

    /** {@code " AND …"} (or nothing for a site admin) over alias {@code r}, with its binds added to {@code binds}. */
    static String clause(Optional<Principal> caller, Map<String, Object> binds) {
        if (caller.map(Principal::siteAdmin).orElse(false)) {
            return "";
        }
        binds.put("false", false);
        if (caller.isEmpty()) {
            return " AND r.private = :false";
        }
        binds.put("uid", caller.get().user().id());
        return " AND (r.private = :false OR r.owner_id = :uid OR r.owner_id IN (SELECT org_id FROM memberships WHERE user_id = :uid))";
    }
}
