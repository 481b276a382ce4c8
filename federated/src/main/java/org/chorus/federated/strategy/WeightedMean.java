package org.chorus.federated.strategy;

import java.util.List;
import java.util.Map;
import org.chorus.federated.tensor.VectorMath;
import org.chorus.federated.tensor.Weights;

/**
 * Streaming example-weighted mean: each update is added into one running sum as it arrives
 * ({@code sum += n·w}), so memory is one model's size whatever the number of clients.
 */
final class WeightedMean implements TrainAggregation {
    private final Weights global;
    private final StrategyState state;
    private final ServerUpdate serverUpdate;
    private final float[] sum;
    private final MetricsMean metrics = new MetricsMean();
    private double total;
    private int count;

    WeightedMean(Weights global, StrategyState state, ServerUpdate serverUpdate) {
        this.global = global;
        this.state = state;
        this.serverUpdate = serverUpdate;
        this.sum = new float[global.values().length];
    }

    @Override
    public void accept(ClientUpdate u) {
        VectorMath.axpy((float) u.numExamples(), u.values(), sum);
        total += u.numExamples();
        count++;
        metrics.add(u.numExamples(), u.metrics());
    }

    @Override
    public int count() {
        return count;
    }

    @Override
    public Aggregated finish(List<Failure> failures) {
        if (count == 0) {
            throw new IllegalStateException("no updates to aggregate");
        }
        VectorMath.scale((float) (1.0 / total), sum);
        Map<String, Double> m = metrics.result();
        m.put("clients", (double) count);
        m.put("failures", (double) failures.size());
        m.put("examples", total);
        return serverUpdate.apply(global.values(), sum, state, m);
    }
}
