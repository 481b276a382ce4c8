package org.chorus.federated.strategy;

import java.util.List;
import java.util.Map;

/** The nodes chosen for a phase of a round and the settings each of them receives. */
public record Selection(List<String> nodes, Map<String, Object> config) {
    public Selection {
        nodes = List.copyOf(nodes);
        config = Map.copyOf(config);
    }
}
