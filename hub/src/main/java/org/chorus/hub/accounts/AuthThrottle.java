package org.chorus.hub.accounts;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.chorus.core.db.Database;

/**
 * Counts failed authentication per client address and per account name, in SQL so that every node sharing the
 * database counts together. A key that reached its limit stays over it until its window (which starts at the key's
 * first failure) ends; then counting starts afresh.
 *
 * <p>How to use it depends on whether the secret can be guessed. Access tokens cannot (about 200 random bits): the
 * server checks the token first and calls {@link #failed} only when it is wrong, so a correct token always works,
 * even from an address a broken client has pushed over its limit. Passwords can: ask {@link #lockedFor} before
 * checking one and refuse while it answers a wait, then report a wrong one to {@link #failed}.
 */
public interface AuthThrottle {
    /** A failed or coming attempt: the client's address (an IP literal) and the account it named, or null. */
    record Attempt(String address, String account) {}

    /** Failures allowed per address and per account within one window. */
    record Limits(int perAddress, int perAccount, Duration window) {
        public static final Limits DEFAULT = new Limits(30, 10, Duration.ofMinutes(10));
    }

    static AuthThrottle create(Database db, Clock clock, Limits limits) {
        return new SqlAuthThrottle(db, clock, limits);
    }

    /**
     * Records a failure. Returns how long the client should wait when its address or the named account is now over
     * its limit (answer 429 with Retry-After), else empty. Once over, further failures are not written.
     */
    Optional<Duration> failed(Attempt attempt);

    /** How long the address or account stays at or over its limit, recording nothing; empty when it is under. */
    Optional<Duration> lockedFor(Attempt attempt);
}
