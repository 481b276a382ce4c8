package org.chorus.hub.accounts;

import java.time.Instant;

/** A user or an organisation; both live in one namespace. */
public record Account(String id, String name, Kind kind, String fullname, String email, boolean siteAdmin, Instant createdAt) {
    public enum Kind {
        USER, ORG;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
