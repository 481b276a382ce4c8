package org.chorus.arena;

import java.time.Instant;
import java.util.List;

/**
 * A competition as anyone may see it: its settings, the host's name and the size of the test set once the solution is
 * uploaded (null before). Neither the solution nor the split's seed is part of it.
 */
public record Competition(String id, String host, Instant createdAt, Instant closedAt, Integer testRows, CompetitionSpec spec) {
    public boolean closed() {
        return closedAt != null;
    }

    /** The end of the last phase: submissions after it are late. */
    public Instant endsAt() {
        List<Phase> phases = spec.phases();
        return phases.get(phases.size() - 1).endsAt();
    }
}
