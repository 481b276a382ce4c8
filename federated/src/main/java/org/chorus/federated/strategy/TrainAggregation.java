package org.chorus.federated.strategy;

import java.util.List;

/**
 * A fold over one round's training updates. Streaming implementations add each update into running
 * sums, so memory does not grow with the number of clients; robust rules (median, trimmed mean, Krum)
 * must see all updates at once and keep them.
 */
public interface TrainAggregation {

    void accept(ClientUpdate update);

    /** How many updates were accepted so far. */
    int count();

    /** The round's result; call once, after the last update. */
    Aggregated finish(List<Failure> failures);
}
