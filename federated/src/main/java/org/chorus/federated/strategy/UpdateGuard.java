package org.chorus.federated.strategy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.chorus.federated.secure.dp.L2Clipping;

/**
 * The task-level defences in front of any strategy: a client may claim at most {@code maxExamples} examples (its
 * aggregation weight), and its update Δ = w − w_global is scaled to ‖Δ‖₂ ≤ {@code normBound} (Sun et al. 2019)
 * before the strategy sees it. 0 turns either off.
 */
final class UpdateGuard implements TrainAggregation {
    private final TrainAggregation inner;
    private final long maxExamples;
    private final double normBound;
    private int bounded;

    UpdateGuard(TrainAggregation inner, long maxExamples, double normBound) {
        this.inner = inner;
        this.maxExamples = maxExamples;
        this.normBound = normBound;
    }

    @Override
    public void accept(ClientUpdate u) {
        if (maxExamples > 0 && u.numExamples() > maxExamples) {
            throw new RejectedUpdate("num_examples " + u.numExamples() + " exceeds the task's bound of " + maxExamples + " per client");
        }
        if (normBound > 0) {
            float[] delta = Deltas.of(u);
            if (L2Clipping.clipInPlace(delta, normBound) > normBound) {
                bounded++;
                u = Deltas.withDelta(u, delta);
            }
        }
        inner.accept(u);
    }

    @Override
    public int count() {
        return inner.count();
    }

    @Override
    public Aggregated finish(List<Failure> failures) {
        Aggregated a = inner.finish(failures);
        if (normBound <= 0) {
            return a;
        }
        Map<String, Double> m = new HashMap<>(a.metrics());
        m.put("norm_bounded", (double) bounded);
        return new Aggregated(a.values(), a.state(), m);
    }
}
