package org.chorus.hub.accounts;

import java.util.Locale;
import org.chorus.core.ChorusException;

/** Ordered rights: each role includes the ones before it. */
public enum Role {
    READ, WRITE, ADMIN;

    public boolean includes(Role other) {
        return compareTo(other) >= 0;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role parse(String text) {
        if (text != null) {
            for (Role r : values()) {
                if (r.wire().equals(text)) {
                    return r;
                }
            }
        }
        throw ChorusException.invalid("role must be one of read, write, admin; got '" + text + "'");
    }
}
