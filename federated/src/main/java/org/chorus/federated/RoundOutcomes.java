package org.chorus.federated;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What one attempt of a round did with the nodes it asked, gathered from each phase as it closes (fit, evaluate, the
 * secure-aggregation stages): who was selected, and every node that dropped out or had a result rejected, with why.
 * Stored with the round (fl_rounds.selected, .outcomes) so the task page and the rounds API can show the timeline.
 */
final class RoundOutcomes {
    /** A node that did not contribute to a phase: {@code dropped} when it went silent, else its result was rejected. */
    record NodeOutcome(String node, String stage, String reason, boolean dropped) {}

    private final Set<String> selected = new LinkedHashSet<>();
    private final List<NodeOutcome> failed = new ArrayList<>();

    synchronized void add(Phase closed) {
        selected.addAll(closed.selected());
        failed.addAll(closed.outcomes());
    }

    synchronized int selected() {
        return selected.size();
    }

    synchronized String json() {
        return Json.write(failed);
    }
}
