package org.chorus.federated.strategy;

import java.util.Map;

/** A round's outcome: the new global weights, the strategy's next state and the round's training metrics. */
public record Aggregated(float[] values, StrategyState state, Map<String, Double> metrics) {
    public Aggregated {
        metrics = Map.copyOf(metrics);
    }
}
