package org.chorus.hub.accounts;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.chorus.core.db.Database;

/**
 * Browser sessions, stored in SQL so that every node sharing the database knows them: a sign-in on one node is
 * signed in on all, and a sign-out anywhere ends it everywhere. Only the SHA-256 of the cookie secret is stored.
 */
public interface WebSessions {
    Duration LIFETIME = Duration.ofDays(14);
    /** Token ids of session principals start with this; no row of {@code tokens} does. */
    String TOKEN_PREFIX = "session:";

    static WebSessions create(Database db, Clock clock) {
        return new SqlWebSessions(db, clock);
    }

    /**
     * Starts a session for {@code user}; {@code role} is what it may do (WRITE after a password, the token's role after
     * a token). {@code tokenId} names the token it signed in with (null after a password): revoking that token ends the
     * session, as changing the password ends the others.
     */
    IssuedSession start(Account user, Role role, String tokenId);

    /** The unexpired session a cookie secret names, if any. */
    Optional<WebSession> find(String secret);

    /**
     * The principal of the live session a session principal's token id names (see {@link #TOKEN_PREFIX}), if it has
     * not ended or expired: how credentials a browser obtained are re-checked.
     */
    Optional<Principal> principal(String tokenId);

    /** Ends the session (sign-out); unknown secrets are ignored. */
    void end(String secret);
}
