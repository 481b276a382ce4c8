package org.chorus.federated.strategy;

import java.util.List;
import java.util.Map;
import org.chorus.federated.tensor.VectorMath;
import org.chorus.federated.tensor.Weights;

/**
 * FedBuff (Nguyen et al. 2022): asynchronous buffered aggregation. Nodes train from whatever global
 * version is current; each result becomes a delta against the version it started from, scaled by
 * 1/√(1+staleness) and by its example count, and added into a running buffer. Once the buffer holds K
 * (clients per round) deltas the server steps {@code global += η_g · Σ n_i s_i Δ_i / Σ n_i}.
 * Results staler than {@code max_staleness} are rejected by the round loop.
 */
final class FedBuff implements Strategy {
    private final Map<String, Double> parameters;
    private final float serverLr;

    FedBuff(Map<String, Double> parameters) {
        this.parameters = Map.copyOf(parameters);
        this.serverLr = parameters.get("server_lr").floatValue();
    }

    @Override
    public String name() {
        return "fedbuff";
    }

    @Override
    public Map<String, Double> parameters() {
        return parameters;
    }

    @Override
    public boolean asynchronous() {
        return true;
    }

    @Override
    public int maxStaleness() {
        return parameters.get("max_staleness").intValue();
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
        float[] buffer = new float[global.values().length];
        float[] delta = new float[buffer.length];
        MetricsMean metrics = new MetricsMean();
        return new TrainAggregation() {
            private double total;
            private int count;
            private double stalenessSum;

            @Override
            public void accept(ClientUpdate u) {
                VectorMath.subtract(u.values(), u.base(), delta);
                float s = (float) (1.0 / Math.sqrt(1.0 + u.staleness()));
                VectorMath.axpy(u.numExamples() * s, delta, buffer);
                total += u.numExamples();
                stalenessSum += u.staleness();
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
                float[] next = global.values().clone();
                VectorMath.axpy((float) (serverLr / total), buffer, next);
                Map<String, Double> m = metrics.result();
                m.put("clients", (double) count);
                m.put("failures", (double) failures.size());
                m.put("examples", total);
                m.put("mean_staleness", stalenessSum / count);
                return new Aggregated(next, state, m);
            }
        };
    }
}
