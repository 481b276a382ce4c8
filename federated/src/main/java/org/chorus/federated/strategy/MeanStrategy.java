package org.chorus.federated.strategy;

import java.util.HashMap;
import java.util.Map;
import org.chorus.federated.tensor.Weights;

/**
 * The strategies built on the streaming weighted mean: FedAvg (McMahan et al. 2017), FedProx (Li et
 * al. 2020: same aggregation, clients add a proximal term with the {@code proximal_mu} they are sent),
 * FedAvgM and the FedOpt family (server optimisers over the mean).
 */
final class MeanStrategy implements Strategy {
    private final String name;
    private final Map<String, Double> parameters;
    private final ServerUpdate serverUpdate;
    private final Map<String, Object> trainExtras;

    MeanStrategy(String name, Map<String, Double> parameters, ServerUpdate serverUpdate, Map<String, Object> trainExtras) {
        this.name = name;
        this.parameters = Map.copyOf(parameters);
        this.serverUpdate = serverUpdate;
        this.trainExtras = Map.copyOf(trainExtras);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Map<String, Double> parameters() {
        return parameters;
    }

    @Override
    public boolean weightedMean() {
        return true;
    }

    @Override
    public Selection configureTrain(RoundContext context) {
        Map<String, Object> config = new HashMap<>(context.baseConfig());
        config.putAll(trainExtras);
        config.put("round", (long) context.round());
        return new Selection(Sampling.select(context), config);
    }

    @Override
    public TrainAggregation aggregateTrain(int round, Weights global, StrategyState state) {
        return new WeightedMean(global, state, serverUpdate);
    }

    @Override
    public Selection configureEvaluate(RoundContext context) {
        return Sampling.plain(context);
    }
}
