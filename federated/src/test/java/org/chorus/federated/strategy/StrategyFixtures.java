package org.chorus.federated.strategy;

import java.util.List;
import java.util.Map;
import org.chorus.federated.tensor.ModelLayout;
import org.chorus.federated.tensor.TensorSpec;
import org.chorus.federated.tensor.Weights;

final class StrategyFixtures {
    private StrategyFixtures() {}

    static Weights weights(float... values) {
        return new Weights(ModelLayout.of(List.of(new TensorSpec("w", new long[] {values.length}))), values);
    }

    static ClientUpdate update(String node, long examples, float[] base, float... values) {
        return new ClientUpdate(node, values, base, examples, 0, Map.of("loss", (double) examples));
    }

    static Aggregated run(Strategy s, Weights global, StrategyState state, ClientUpdate... updates) {
        TrainAggregation a = s.aggregateTrain(1, global, state);
        for (ClientUpdate u : updates) {
            a.accept(u);
        }
        return a.finish(List.of(new Failure("late", "timed out")));
    }
}
