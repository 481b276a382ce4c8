package org.chorus.tracking;

import java.util.Locale;

/** Soft deletion: deleted experiments and runs stay readable and can be restored. */
public enum LifecycleStage {
    ACTIVE, DELETED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    static LifecycleStage parse(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}
