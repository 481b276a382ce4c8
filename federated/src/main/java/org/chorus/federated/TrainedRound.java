package org.chorus.federated;

import java.util.Map;
import org.chorus.federated.strategy.Aggregated;

/**
 * What one attempt's training produced: the aggregate (null when the attempt is abandoned), how many nodes
 * contributed and failed, the bytes moved, and metrics of its own kind (secure aggregation's {@code secagg_*}).
 */
record TrainedRound(Aggregated aggregated, int reports, int failures, long bytesIn, long bytesOut, Map<String, Double> extra) {
    TrainedRound {
        extra = Map.copyOf(extra);
    }
}
