package org.chorus.hub.accounts;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Principals of recently seen tokens, by secret hash (bearer tokens) or by token id (credentials derived from a
 * token), for a few seconds. Authenticating read two rows per
 * request — a fifth of the server's work for small tracking calls under load. A token revoked through this
 * server is forgotten at once; one revoked through another server sharing the database stops working
 * within {@link #TTL}.
 */
final class RecentTokens {
    static final Duration TTL = Duration.ofSeconds(5);
    /** Past this many entries the cache is emptied rather than grown: it is a shortcut, not a store. */
    private static final int MAX_ENTRIES = 10_000;

    private record Entry(Principal principal, long expiresAtMillis) {}

    private final Clock clock;
    private final Map<String, Entry> byKey = new ConcurrentHashMap<>();

    RecentTokens(Clock clock) {
        this.clock = clock;
    }

    Optional<Principal> get(String key) {
        Entry e = byKey.get(key);
        if (e == null) {
            return Optional.empty();
        }
        if (clock.millis() >= e.expiresAtMillis()) {
            byKey.remove(key, e);
            return Optional.empty();
        }
        return Optional.of(e.principal());
    }

    void put(String key, Principal principal) {
        if (byKey.size() >= MAX_ENTRIES) {
            byKey.clear();
        }
        byKey.put(key, new Entry(principal, clock.millis() + TTL.toMillis()));
    }

    void forgetToken(String tokenId) {
        byKey.values().removeIf(e -> e.principal().token().id().equals(tokenId));
    }
}
