package org.chorus.jobs;

import java.util.Locale;

/** Where a job is: waiting (maybe until a backoff pause ends), held by a worker, or ended. */
public enum JobState {
    QUEUED, LEASED, SUCCEEDED, FAILED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    static JobState parse(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }

    public boolean ended() {
        return this == SUCCEEDED || this == FAILED;
    }
}
