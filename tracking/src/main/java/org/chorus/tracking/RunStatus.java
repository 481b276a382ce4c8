package org.chorus.tracking;

import org.chorus.core.ChorusException;

/** MLflow's run states. */
public enum RunStatus {
    RUNNING, SCHEDULED, FINISHED, FAILED, KILLED;

    public static RunStatus parse(String s) {
        for (RunStatus v : values()) {
            if (v.name().equals(s)) {
                return v;
            }
        }
        throw ChorusException.invalid("Invalid run status '" + s + "': must be one of RUNNING, SCHEDULED, FINISHED, FAILED, KILLED");
    }
}
