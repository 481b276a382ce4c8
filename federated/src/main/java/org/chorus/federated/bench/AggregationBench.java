package org.chorus.federated.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.chorus.federated.strategy.ClientUpdate;
import org.chorus.federated.strategy.Strategy;
import org.chorus.federated.strategy.StrategyState;
import org.chorus.federated.strategy.TrainAggregation;
import org.chorus.federated.tensor.ModelLayout;
import org.chorus.federated.tensor.TensorSpec;
import org.chorus.federated.tensor.Weights;

/**
 * Client updates per second folded into FedAvg's streaming weighted sum, beside a plain scalar loop
 * ({@code sum[i] += n·x[i]}) over the same arrays, measured in the same run.
 */
public final class AggregationBench {
    /** One size's figures. */
    public record Figure(int parameters, double chorusUpdatesPerSecond, double plainUpdatesPerSecond) {
        public double ratio() {
            return chorusUpdatesPerSecond / plainUpdatesPerSecond;
        }
    }

    private AggregationBench() {}

    public static Figure measure(int parameters, int updates) {
        int distinct = 4;
        SplittableRandom random = new SplittableRandom(1);
        float[][] clients = new float[distinct][parameters];
        for (float[] c : clients) {
            for (int i = 0; i < c.length; i++) {
                c[i] = (float) random.nextDouble(-1, 1);
            }
        }
        Weights global = Weights.zeros(ModelLayout.of(List.of(new TensorSpec("w", new long[] {parameters}))));
        Strategy fedavg = Strategy.create("fedavg", Map.of());
        double chorus = 0;
        double plain = 0;
        for (int rep = 0; rep < 3; rep++) { // the first repetition warms the JIT up
            long t0 = System.nanoTime();
            TrainAggregation agg = fedavg.aggregateTrain(1, global, StrategyState.EMPTY);
            for (int u = 0; u < updates; u++) {
                agg.accept(new ClientUpdate("c" + u, clients[u % distinct], global.values(), 100 + u, 0, Map.of()));
            }
            agg.finish(List.of());
            long t1 = System.nanoTime();
            float[] sum = new float[parameters];
            double total = 0;
            for (int u = 0; u < updates; u++) {
                float n = 100 + u;
                float[] x = clients[u % distinct];
                for (int i = 0; i < parameters; i++) {
                    sum[i] += n * x[i];
                }
                total += n;
            }
            float inv = (float) (1 / total);
            for (int i = 0; i < parameters; i++) {
                sum[i] *= inv;
            }
            long t2 = System.nanoTime();
            if (rep > 0) {
                chorus = Math.max(chorus, updates / ((t1 - t0) / 1e9));
                plain = Math.max(plain, updates / ((t2 - t1) / 1e9));
            }
        }
        return new Figure(parameters, chorus, plain);
    }

    public static void main(String[] args) {
        for (int size : new int[] {1_000_000, 10_000_000}) {
            Figure f = measure(size, size >= 10_000_000 ? 40 : 200);
            System.out.printf(Locale.ROOT, "aggregation %,d params: chorus %.1f updates/s, plain loop %.1f updates/s, ratio %.2f%n",
                    f.parameters(), f.chorusUpdatesPerSecond(), f.plainUpdatesPerSecond(), f.ratio());
        }
    }
}
