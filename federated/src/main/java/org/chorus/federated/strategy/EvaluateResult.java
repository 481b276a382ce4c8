package org.chorus.federated.strategy;

import java.util.Map;

/** One node's evaluation of the global model. */
public record EvaluateResult(String node, long numExamples, Map<String, Double> metrics) {
    public EvaluateResult {
        metrics = Map.copyOf(metrics);
    }
}
