package org.chorus.federated.strategy;

import java.util.List;
import java.util.Map;

/**
 * What a strategy knows when it configures a round: the round number, the nodes available now (in a
 * stable order), how many reports the round wants, the over-selection factor (1.3 selects 30% more
 * nodes than the target to absorb dropouts), a seed for reproducible sampling, and the task's base
 * client settings (epochs, learning rate, batch size) that strategies extend.
 */
public record RoundContext(int round, List<String> available, int clientsPerRound, double overSelection, long seed,
                           Map<String, Object> baseConfig) {
    public RoundContext {
        available = List.copyOf(available);
        baseConfig = Map.copyOf(baseConfig);
    }
}
