package org.chorus.hub.accounts;

import java.time.Instant;

/** What is known about a token without its secret. {@code role} is READ or WRITE. */
public record TokenInfo(String id, String userId, String name, Role role, Instant createdAt, Instant lastUsedAt, Instant revokedAt) {
    public boolean revoked() {
        return revokedAt != null;
    }
}
