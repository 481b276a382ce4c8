package org.chorus.federated.sim;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.chorus.client.federated.Config;
import org.chorus.client.federated.LocalTrainer;
import org.chorus.client.federated.NamedTensor;
import org.chorus.federated.tensor.ModelLayout;
import org.chorus.federated.tensor.TensorSpec;
import org.chorus.federated.tensor.Weights;

/**
 * Multinomial logistic regression in plain Java: a small, dependency-free trainer for tests and quick
 * simulations. Mini-batch SGD with momentum; FedProx's proximal term when {@code proximal_mu > 0}.
 * Settings: epochs, batch_size, lr, momentum, proximal_mu.
 */
final class SoftmaxTrainer implements LocalTrainer {
    private final Dataset data;
    private final int[] indices;
    private final SplittableRandom random;

    SoftmaxTrainer(Dataset data, int[] indices, long seed) {
        this.data = data;
        this.indices = indices.clone();
        this.random = new SplittableRandom(seed);
    }

    static TrainerFactory factory(int pixels, int classes) {
        return new TrainerFactory() {
            @Override
            public Weights initialModel(long seed) {
                return Weights.zeros(ModelLayout.of(List.of(new TensorSpec("linear.weight", new long[] {classes, pixels}),
                        new TensorSpec("linear.bias", new long[] {classes}))));
            }

            @Override
            public LocalTrainer create(Dataset d, int[] idx, long seed) {
                return new SoftmaxTrainer(d, idx, seed);
            }
        };
    }

    @Override
    public FitResult fit(List<NamedTensor> weights, Config config) {
        int p = data.pixels();
        int k = data.classes();
        float[] w = weights.get(0).values().clone();
        float[] b = weights.get(1).values().clone();
        float[] w0 = weights.get(0).values();
        float[] b0 = weights.get(1).values();
        float[] vw = new float[w.length];
        float[] vb = new float[b.length];
        float[] gw = new float[w.length];
        float[] gb = new float[b.length];
        float lr = (float) config.getDouble("lr", 0.01);
        float momentum = (float) config.getDouble("momentum", 0.9);
        float mu = (float) config.getDouble("proximal_mu", 0);
        int batch = (int) config.getLong("batch_size", 64);
        int epochs = (int) config.getLong("epochs", 1);
        int[] order = indices.clone();
        double lossSum = 0;
        int correct = 0;
        int seen = 0;
        double[] z = new double[k];
        for (int e = 0; e < epochs; e++) {
            shuffle(order);
            for (int start = 0; start < order.length; start += batch) {
                int end = Math.min(order.length, start + batch);
                java.util.Arrays.fill(gw, 0);
                java.util.Arrays.fill(gb, 0);
                for (int s = start; s < end; s++) {
                    int i = order[s];
                    int y = data.labels()[i];
                    double loss = forward(w, b, i, z);
                    lossSum += loss;
                    correct += argmax(z) == y ? 1 : 0;
                    seen++;
                    for (int c = 0; c < k; c++) {
                        float g = (float) (z[c] - (c == y ? 1 : 0));
                        gb[c] += g;
                        int row = c * p;
                        int px = i * p;
                        for (int j = 0; j < p; j++) {
                            gw[row + j] += g * data.images()[px + j];
                        }
                    }
                }
                float scale = 1f / (end - start);
                step(w, w0, gw, vw, scale, lr, momentum, mu);
                step(b, b0, gb, vb, scale, lr, momentum, mu);
            }
        }
        return new FitResult(List.of(new NamedTensor(weights.get(0).name(), weights.get(0).shape(), w),
                new NamedTensor(weights.get(1).name(), weights.get(1).shape(), b)), indices.length,
                Map.of("loss", lossSum / Math.max(1, seen), "accuracy", correct / (double) Math.max(1, seen)));
    }

    private static void step(float[] x, float[] x0, float[] g, float[] v, float scale, float lr, float momentum, float mu) {
        for (int j = 0; j < x.length; j++) {
            float grad = g[j] * scale + mu * (x[j] - x0[j]);
            v[j] = momentum * v[j] + grad;
            x[j] -= lr * v[j];
        }
    }

    @Override
    public EvaluateResult evaluate(List<NamedTensor> weights, Config config) {
        float[] w = weights.get(0).values();
        float[] b = weights.get(1).values();
        double[] z = new double[data.classes()];
        double loss = 0;
        int correct = 0;
        for (int i : indices) {
            loss += forward(w, b, i, z);
            correct += argmax(z) == data.labels()[i] ? 1 : 0;
        }
        int n = Math.max(1, indices.length);
        return new EvaluateResult(indices.length, Map.of("loss", loss / n, "accuracy", correct / (double) n));
    }

    /** Softmax probabilities into {@code z}; returns the cross-entropy of the true label. */
    private double forward(float[] w, float[] b, int i, double[] z) {
        int p = data.pixels();
        int px = i * p;
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < z.length; c++) {
            double s = b[c];
            int row = c * p;
            for (int j = 0; j < p; j++) {
                s += w[row + j] * data.images()[px + j];
            }
            z[c] = s;
            max = Math.max(max, s);
        }
        double sum = 0;
        for (int c = 0; c < z.length; c++) {
            z[c] = Math.exp(z[c] - max);
            sum += z[c];
        }
        for (int c = 0; c < z.length; c++) {
            z[c] /= sum;
        }
        return -Math.log(Math.max(1e-12, z[data.labels()[i]]));
    }

    private static int argmax(double[] z) {
        int best = 0;
        for (int c = 1; c < z.length; c++) {
            if (z[c] > z[best]) {
                best = c;
            }
        }
        return best;
    }

    private void shuffle(int[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
