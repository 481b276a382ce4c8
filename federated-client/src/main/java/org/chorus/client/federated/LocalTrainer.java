package org.chorus.client.federated;

import java.util.List;
import java.util.Map;

/** The user's side of federated learning: train on, and evaluate over, local data. */
public interface LocalTrainer {

    /** Trains from the given global weights; returns the new weights (same names, shapes), example count and metrics. */
    FitResult fit(List<NamedTensor> weights, Config config) throws Exception;

    /** Evaluates the given global weights on local data; metrics usually hold "loss" and "accuracy". */
    EvaluateResult evaluate(List<NamedTensor> weights, Config config) throws Exception;

    record FitResult(List<NamedTensor> weights, long numExamples, Map<String, Double> metrics) {
        public FitResult {
            weights = List.copyOf(weights);
            metrics = Map.copyOf(metrics);
        }
    }

    record EvaluateResult(long numExamples, Map<String, Double> metrics) {
        public EvaluateResult {
            metrics = Map.copyOf(metrics);
        }
    }
}
