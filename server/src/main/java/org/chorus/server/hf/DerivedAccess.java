package org.chorus.server.hf;

import java.time.Duration;
import java.util.Optional;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.hub.accounts.Accounts;
import org.chorus.hub.accounts.Principal;
import org.chorus.hub.accounts.Role;
import org.chorus.hub.accounts.WebSessions;
import org.chorus.hub.repos.Repo;
import org.chorus.hub.repos.Repos;

/**
 * Credentials derived from a caller's access (signed LFS URLs, Xet tokens, signed xorb ranges) name who they were
 * minted for: the id of the hub token the caller used (a browser session's id when the caller is a signed-in browser,
 * see {@link WebSessions#principal}), or nobody for an anonymous caller. Each use re-checks that
 * this minter still holds the right the credential grants, so revoking the token (or signing out), removing the user from the owning
 * organisation or making the repository private cuts it before it expires. Everything checked is read from the
 * database (the token through the accounts' 5-second cache), so any node decides the same.
 */
public final class DerivedAccess {
    /** The minter of credentials handed to anonymous callers. */
    public static final String ANONYMOUS = "";

    private final Accounts accounts;
    private final WebSessions sessions;
    private final Repos repos;
    private final Duration ttl;

    public DerivedAccess(Accounts accounts, WebSessions sessions, Repos repos, Duration ttl) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.repos = repos;
        this.ttl = ttl;
    }

    /** How long a derived credential lives ({@code serve --credential-ttl}). */
    public Duration ttl() {
        return ttl;
    }

    /** Whom a credential minted for this caller names. */
    public static String minter(Optional<Principal> caller) {
        return caller.map(p -> p.token().id()).orElse(ANONYMOUS);
    }

    /**
     * The repository with internal id {@code repoId}, if the credential's minter may still do {@code needed} there:
     * UNAUTHENTICATED once the minting token is revoked, REPO_NOT_FOUND once the repository is gone or invisible to
     * the minter, PERMISSION_DENIED once the minter may see it but no longer do {@code needed}.
     */
    public Repo require(String repoId, String minter, Role needed) {
        Repo repo = repos.findById(repoId).orElseThrow(() -> new ChorusException(ErrorCode.REPO_NOT_FOUND, "the repository was deleted"));
        Optional<Principal> principal = Optional.empty();
        if (minter != null && !minter.equals(ANONYMOUS)) {
            Optional<Principal> live = minter.startsWith(WebSessions.TOKEN_PREFIX) ? sessions.principal(minter) : accounts.tokenPrincipal(minter);
            principal = Optional.of(live.orElseThrow(() -> new ChorusException(ErrorCode.UNAUTHENTICATED,
                    "the access token or browser session this was issued for has been revoked or has ended")));
        }
        Optional<Role> rights = repos.access(principal, repo.repoId());
        if (rights.isEmpty()) {
            throw new ChorusException(ErrorCode.REPO_NOT_FOUND, "repository " + repo.repoId() + " not found");
        }
        if (!rights.get().includes(needed)) {
            throw new ChorusException(ErrorCode.PERMISSION_DENIED, "the access this was issued for no longer allows " + needed.wire());
        }
        return repo;
    }
}
