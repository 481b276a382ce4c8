package org.chorus.federated.strategy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.chorus.federated.tensor.Weights;

/** FedMedian, FedTrimmedAvg, Krum and Multi-Krum: they keep the round's updates and combine them at the end. */
final class RobustStrategy implements Strategy {
    private final String name;
    private final Map<String, Double> parameters;
    private final RobustRule rule;

    RobustStrategy(String name, Map<String, Double> parameters, RobustRule rule) {
        this.name = name;
        this.parameters = Map.copyOf(parameters);
        this.rule = rule;
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
    public Selection configureTrain(RoundContext context) {
        return Sampling.plain(context);
    }

    @Override
    public Selection configureEvaluate(RoundContext context) {
        return configureTrain(context);
    }

    @Override
    public TrainAggregation aggregateTrain(int round, Weights global, StrategyState state) {
        return new TrainAggregation() {
            private final List<ClientUpdate> kept = new ArrayList<>();
            private final MetricsMean metrics = new MetricsMean();

            @Override
            public void accept(ClientUpdate update) {
                kept.add(update);
                metrics.add(update.numExamples(), update.metrics());
            }

            @Override
            public int count() {
                return kept.size();
            }

            @Override
            public Aggregated finish(List<Failure> failures) {
                if (kept.isEmpty()) {
                    throw new IllegalStateException("no updates to aggregate");
                }
                Map<String, Double> m = metrics.result();
                m.put("clients", (double) kept.size());
                m.put("failures", (double) failures.size());
                m.put("examples", (double) kept.stream().mapToLong(ClientUpdate::numExamples).sum());
                return new Aggregated(rule.combine(kept), state, m);
            }
        };
    }
}
