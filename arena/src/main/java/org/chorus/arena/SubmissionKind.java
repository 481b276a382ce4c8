package org.chorus.arena;

import java.util.Locale;
import org.chorus.core.ChorusException;

/**
 * What a competition takes: {@link #FILE}s of predictions, or {@link #MODEL} revisions of hub repositories, which the
 * competition's workers run on the test inputs and whose predictions the server checks and scores.
 */
public enum SubmissionKind {
    FILE, MODEL;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code file} (also for null, the default) or {@code model}. */
    public static SubmissionKind parse(String wire) {
        if (wire == null) {
            return FILE;
        }
        for (SubmissionKind k : values()) {
            if (k.wire().equals(wire)) {
                return k;
            }
        }
        throw ChorusException.invalid("submissions must be file or model");
    }
}
