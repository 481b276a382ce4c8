package org.chorus.server.fl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.chorus.client.federated.Config;
import org.chorus.client.federated.LocalTrainer;
import org.chorus.client.federated.NamedTensor;

/** A node's trainer for tests: adds {@code i} to every weight and reports 10·i examples, so averages are known. */
public record AddTrainer(int i) implements LocalTrainer {
    @Override
    public FitResult fit(List<NamedTensor> weights, Config config) {
        List<NamedTensor> out = new ArrayList<>();
        for (NamedTensor t : weights) {
            float[] v = t.values().clone();
            for (int j = 0; j < v.length; j++) {
                v[j] += i;
            }
            out.add(new NamedTensor(t.name(), t.shape(), v));
        }
        return new FitResult(out, 10L * i, Map.of("loss", 1.0 / i));
    }

    @Override
    public EvaluateResult evaluate(List<NamedTensor> weights, Config config) {
        return new EvaluateResult(10L * i, Map.of("accuracy", 0.5));
    }
}
