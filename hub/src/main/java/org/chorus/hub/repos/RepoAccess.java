package org.chorus.hub.repos;

import java.util.Optional;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.core.db.Database;
import org.chorus.hub.accounts.Principal;
import org.chorus.hub.accounts.Role;
import org.jdbi.v3.core.Handle;

/**
 * Who may do what to a repository. Site admins: everything. The owning user: admin. Members of the owning
 * organisation: their role there. Everyone: read on public repositories. A read-only token caps all of it
 * at read. A caller who may not read a private repository is told it does not exist.
 */
final class RepoAccess {
    private final Database db;

    RepoAccess(Database db) {
        this.db = db;
    }

    Optional<Role> orgRole(Handle h, String orgId, String userId) {
        return h.createQuery("SELECT role FROM memberships WHERE org_id = :o AND user_id = :u")
                .bind("o", orgId).bind("u", userId).mapTo(String.class).findOne().map(Role::parse);
    }

    /** The caller's rights ignoring the token's role, or empty if the repository is invisible to them. */
    private Optional<Role> fullRights(Handle h, Optional<Principal> caller, RepoRows.Row row) {
        if (caller.isPresent()) {
            Principal p = caller.get();
            if (p.siteAdmin() || row.ownerId().equals(p.user().id())) {
                return Optional.of(Role.ADMIN);
            }
            Optional<Role> member = orgRole(h, row.ownerId(), p.user().id());
            if (member.isPresent()) {
                return member;
            }
        }
        return row.repo().isPrivate() ? Optional.empty() : Optional.of(Role.READ);
    }

    private static Optional<Role> capped(Optional<Principal> caller, Optional<Role> rights) {
        if (caller.isPresent() && rights.isPresent() && !caller.get().token().role().includes(Role.WRITE)) {
            return Optional.of(Role.READ);
        }
        return rights;
    }

    Optional<Role> rights(Optional<Principal> caller, RepoId id) {
        return db.withHandle(h -> RepoRows.find(h, id).flatMap(row -> capped(caller, fullRights(h, caller, row))));
    }

    boolean canRead(Handle h, Optional<Principal> caller, RepoRows.Row row) {
        return fullRights(h, caller, row).isPresent();
    }

    /** The repository if the caller holds {@code needed} on it; otherwise the error the caller may see. */
    Repo require(Optional<Principal> caller, RepoId id, Role needed) {
        return db.withHandle(h -> {
            RepoRows.Row row = RepoRows.find(h, id).orElseThrow(() -> notFound(id));
            Optional<Role> full = fullRights(h, caller, row);
            if (full.isEmpty()) {
                throw notFound(id);
            }
            Optional<Role> effective = capped(caller, full);
            if (effective.get().includes(needed)) {
                return row.repo();
            }
            if (caller.isEmpty()) {
                throw new ChorusException(ErrorCode.UNAUTHENTICATED, "this needs an access token: send Authorization: Bearer hf_...");
            }
            if (full.get().includes(needed)) {
                throw new ChorusException(ErrorCode.PERMISSION_DENIED, "token '" + caller.get().token().name() + "' is read-only");
            }
            throw new ChorusException(ErrorCode.PERMISSION_DENIED, "you need " + needed.wire() + " access to " + id);
        });
    }

    static ChorusException notFound(RepoId id) {
        return new ChorusException(ErrorCode.REPO_NOT_FOUND, "repository " + id + " not found");
    }
}
