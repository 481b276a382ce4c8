package org.chorus.federated.strategy;

import java.util.List;
import java.util.Map;
import org.chorus.federated.tensor.Weights;

/**
 * A federated optimisation strategy as pure functions of their inputs. The round loop owns all I/O:
 * it asks whom to train and with which settings, feeds arriving updates into the aggregation one by
 * one, and passes the round's failures in explicitly.
 */
public interface Strategy {

    /** Builds a strategy by name (fedavg, fedprox, fedavgm, fedadam, fedyogi, fedadagrad, fedmedian, fedtrimmedavg, krum, multikrum, bulyan, fedbuff). */
    static Strategy create(String name, Map<String, Double> params) {
        return Strategies.create(name, params);
    }

    String name();

    /** The strategy's parameters after defaults, for logging and model cards. */
    Map<String, Double> parameters();

    /** Whom to ask to train this round and the settings sent to them. */
    Selection configureTrain(RoundContext context);

    /**
     * Starts aggregating a round's training results against the current global model and the
     * strategy's own state (momentum, moments); neither input is modified.
     */
    TrainAggregation aggregateTrain(int round, Weights global, StrategyState state);

    /** Whom to ask to evaluate the global model and with which settings. */
    Selection configureEvaluate(RoundContext context);

    /** Example-weighted means of the evaluation metrics; failures are counted, not weighted. */
    default Map<String, Double> aggregateEvaluate(List<EvaluateResult> results, List<Failure> failures) {
        MetricsMean mean = new MetricsMean();
        for (EvaluateResult r : results) {
            mean.add(r.numExamples(), r.metrics());
        }
        Map<String, Double> out = mean.result();
        out.put("eval_clients", (double) results.size());
        out.put("eval_failures", (double) failures.size());
        return out;
    }

    /** Whether the strategy averages updates (FedAvg and the FedOpt family), so central DP can stand in for the mean. */
    default boolean weightedMean() {
        return false;
    }

    /** Whether updates are buffered asynchronously (FedBuff): the loop then accepts stale results. */
    default boolean asynchronous() {
        return false;
    }

    /** For an asynchronous strategy, how many server steps old a result may be before it is refused. */
    default int maxStaleness() {
        return 0;
    }
}
