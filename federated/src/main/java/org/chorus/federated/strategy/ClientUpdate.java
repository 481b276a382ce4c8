package org.chorus.federated.strategy;

import java.util.Map;

/**
 * One node's training result: its new weights (flat, in the global layout), the weights it started
 * from, its example count (the aggregation weight), how many global versions passed since it started
 * (0 in synchronous rounds) and its reported metrics. Arrays are read, never kept or modified, by
 * streaming aggregations.
 */
public record ClientUpdate(String node, float[] values, float[] base, long numExamples, int staleness,
                           Map<String, Double> metrics) {
    public ClientUpdate {
        if (numExamples <= 0) {
            throw new IllegalArgumentException("an update needs a positive example count");
        }
        metrics = Map.copyOf(metrics);
    }
}
