package org.chorus.federated.strategy;

import java.util.Map;

/**
 * What a strategy carries from round to round (server momentum, Adam moments), as named flat arrays
 * in the model's layout, so it is persisted with the global model and survives a restart.
 */
public record StrategyState(Map<String, float[]> tensors) {
    public static final StrategyState EMPTY = new StrategyState(Map.of());

    public StrategyState {
        tensors = Map.copyOf(tensors);
    }
}
