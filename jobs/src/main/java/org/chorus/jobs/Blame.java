package org.chorus.jobs;

import java.util.Locale;

/**
 * Whose fault a failure is. {@link #INPUT}: the work itself is wrong (a submission a scorer cannot read) and trying
 * again cannot help; {@link #INFRASTRUCTURE}: a worker crashed, timed out or lost its lease, so the job is retried
 * and whoever submitted it is not charged for it.
 */
public enum Blame {
    INPUT, INFRASTRUCTURE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Blame parse(String wire) {
        for (Blame b : values()) {
            if (b.wire().equals(wire)) {
                return b;
            }
        }
        throw org.chorus.core.ChorusException.invalid("blame must be 'input' or 'infrastructure'");
    }
}
