package org.chorus.federated.strategy;

import java.util.Map;
import java.util.TreeMap;

/** Example-weighted running means of named metrics. */
final class MetricsMean {
    private final Map<String, double[]> sums = new TreeMap<>();

    void add(long weight, Map<String, Double> metrics) {
        metrics.forEach((k, v) -> {
            if (Double.isFinite(v)) {
                double[] s = sums.computeIfAbsent(k, x -> new double[2]);
                s[0] += weight * v;
                s[1] += weight;
            }
        });
    }

    Map<String, Double> result() {
        Map<String, Double> out = new TreeMap<>();
        sums.forEach((k, s) -> out.put(k, s[0] / s[1]));
        return out;
    }
}
