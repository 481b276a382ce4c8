package org.chorus.server.hf;

import io.javalin.http.Context;
import java.util.Optional;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.hub.accounts.Principal;
import org.chorus.hub.accounts.Role;
import org.chorus.hub.repos.Repo;
import org.chorus.hub.repos.RepoId;
import org.chorus.hub.repos.Repos;
import org.chorus.server.http.Auth;

/**
 * Access checks for git and LFS, whose clients send credentials only after a challenge. An anonymous caller
 * who needs more than it has gets 401 with a Basic challenge, whether or not the repository exists, so the
 * answer reveals nothing; an authenticated caller who may not see a repository gets 404.
 */
public final class RepoGate {
    private RepoGate() {}

    public static Repo require(Context ctx, Repos repos, RepoId id, Role needed) {
        Optional<Principal> caller = Auth.principal(ctx);
        Optional<Role> rights = repos.access(caller, id);
        if (rights.isPresent() && rights.get().includes(needed)) {
            return repos.get(caller, id);
        }
        if (rights.isEmpty() && repos.movedTo(caller, id).isPresent()) {
            // not a challenge: the server answers a name the repository had with a redirect to its new one (MovedRepos)
            throw new ChorusException(ErrorCode.REPO_NOT_FOUND, "repository " + id + " has moved");
        }
        if (caller.isEmpty()) {
            ctx.header("WWW-Authenticate", "Basic realm=\"Chorus\"");
            ctx.header("LFS-Authenticate", "Basic realm=\"Chorus\"");
            throw new ChorusException(ErrorCode.UNAUTHENTICATED, "authentication required: use your access token as the password");
        }
        if (rights.isEmpty()) {
            throw new ChorusException(ErrorCode.REPO_NOT_FOUND, "repository " + id + " not found");
        }
        throw new ChorusException(ErrorCode.PERMISSION_DENIED, "you need " + needed.wire() + " access to " + id
                + (caller.get().token().role().includes(Role.WRITE) ? "" : " (this token is read-only)"));
    }
}
