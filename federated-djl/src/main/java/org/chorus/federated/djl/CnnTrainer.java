package org.chorus.federated.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.GradientCollector;
import ai.djl.engine.Engine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.chorus.client.federated.Config;
import org.chorus.client.federated.LocalTrainer;
import org.chorus.client.federated.NamedTensor;
import org.chorus.federated.sim.Dataset;

/**
 * The NIID-Bench CNN for 28×28 images (conv 5×5 → 6, pool, conv 5×5 → 16, pool, FC 120, FC 84, FC 10)
 * on DJL's PyTorch engine, written with functional ops over our own parameter arrays. Local training
 * is mini-batch SGD with momentum (fresh momentum each round) and FedProx's proximal term
 * {@code μ/2·‖w − w_global‖²} when {@code proximal_mu > 0}.
 */
final class CnnTrainer implements LocalTrainer {
    /** DJL's PyTorch engine allows one gradient collector per process: local training runs one client at a time. */
    private static final Object ONE_COLLECTOR = new Object();

    private final Dataset data;
    private final int[] indices;
    private final SplittableRandom random;

    CnnTrainer(Dataset data, int[] indices, long seed) {
        this.data = data;
        this.indices = indices.clone();
        this.random = new SplittableRandom(seed);
    }

    static NDArray forward(NDList p, NDArray x) {
        Shape one = new Shape(1, 1);
        Shape two = new Shape(2, 2);
        Shape none = new Shape(0, 0);
        NDArray h = Activation.relu(Conv2d.conv2d(x, p.get(0), p.get(1), one, none, one, 1).singletonOrThrow());
        h = Pool.maxPool2d(h, two, two, none, false);
        h = Activation.relu(Conv2d.conv2d(h, p.get(2), p.get(3), one, none, one, 1).singletonOrThrow());
        h = Pool.maxPool2d(h, two, two, none, false);
        h = h.reshape(h.getShape().get(0), 16 * 4 * 4);
        h = Activation.relu(Linear.linear(h, p.get(4), p.get(5)).singletonOrThrow());
        h = Activation.relu(Linear.linear(h, p.get(6), p.get(7)).singletonOrThrow());
        return Linear.linear(h, p.get(8), p.get(9)).singletonOrThrow();
    }

    @Override
    public FitResult fit(List<NamedTensor> weights, Config config) {
        synchronized (ONE_COLLECTOR) {
            return train(weights, config);
        }
    }

    private FitResult train(List<NamedTensor> weights, Config config) {
        float lr = (float) config.getDouble("lr", 0.01);
        float momentum = (float) config.getDouble("momentum", 0.9);
        float mu = (float) config.getDouble("proximal_mu", 0);
        int batch = (int) config.getLong("batch_size", 64);
        int epochs = (int) config.getLong("epochs", 1);
        double lossSum = 0;
        int batches = 0;
        try (NDManager m = NDManager.newBaseManager()) {
            NDList params = load(m, weights, true);
            NDList global = load(m, weights, false);
            NDList velocity = new NDList();
            for (NDArray p : params) {
                velocity.add(m.zeros(p.getShape()));
            }
            int[] order = indices.clone();
            for (int e = 0; e < epochs; e++) {
                shuffle(order);
                for (int start = 0; start < order.length; start += batch) {
                    int end = Math.min(order.length, start + batch);
                    try (NDManager step = m.newSubManager()) {
                        NDArray[] xy = batchOf(step, order, start, end);
                        NDArray loss;
                        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                            loss = crossEntropy(forward(params, xy[0]), xy[1]);
                            if (mu > 0) {
                                NDArray prox = null;
                                for (int i = 0; i < params.size(); i++) {
                                    NDArray d = params.get(i).sub(global.get(i)).square().sum();
                                    prox = prox == null ? d : prox.add(d);
                                }
                                loss = loss.add(prox.mul(mu / 2));
                            }
                            gc.backward(loss);
                        }
                        lossSum += loss.getFloat();
                        batches++;
                        for (int i = 0; i < params.size(); i++) {
                            NDArray w = params.get(i);
                            // detached: the update must not join the autograd graph, so next stays a leaf
                            NDArray v = velocity.get(i).mul(momentum).add(w.getGradient().stopGradient());
                            NDArray next = w.stopGradient().sub(v.mul(lr));
                            v.attach(m);
                            next.attach(m);
                            next.setRequiresGradient(true);
                            velocity.get(i).close();
                            w.close();
                            velocity.set(i, v);
                            params.set(i, next);
                        }
                    }
                }
            }
            List<NamedTensor> out = new ArrayList<>();
            for (int i = 0; i < weights.size(); i++) {
                out.add(new NamedTensor(weights.get(i).name(), weights.get(i).shape(), params.get(i).toFloatArray()));
            }
            return new FitResult(out, indices.length, Map.of("loss", lossSum / Math.max(1, batches)));
        }
    }

    @Override
    public EvaluateResult evaluate(List<NamedTensor> weights, Config config) {
        double lossSum = 0;
        long correct = 0;
        try (NDManager m = NDManager.newBaseManager()) {
            NDList params = load(m, weights, false);
            for (int start = 0; start < indices.length; start += 1000) {
                int end = Math.min(indices.length, start + 1000);
                try (NDManager step = m.newSubManager()) {
                    NDArray[] xy = batchOf(step, indices, start, end);
                    NDArray logits = forward(params, xy[0]);
                    lossSum += crossEntropy(logits, xy[1]).getFloat() * (end - start);
                    correct += logits.argMax(1).toType(DataType.INT32, false).eq(xy[1]).sum().getLong();
                }
            }
        }
        int n = Math.max(1, indices.length);
        return new EvaluateResult(indices.length, Map.of("loss", lossSum / n, "accuracy", correct / (double) n));
    }

    private static NDArray crossEntropy(NDArray logits, NDArray labels) {
        NDArray logp = logits.logSoftmax(1);
        return logp.mul(labels.oneHot(10)).sum().neg().div(labels.getShape().get(0));
    }

    private static NDList load(NDManager m, List<NamedTensor> weights, boolean trainable) {
        NDList out = new NDList();
        for (NamedTensor t : weights) {
            NDArray a = m.create(t.values(), new Shape(t.shape()));
            if (trainable) {
                a.setRequiresGradient(true);
            }
            out.add(a);
        }
        return out;
    }

    private NDArray[] batchOf(NDManager m, int[] order, int start, int end) {
        int p = data.pixels();
        float[] x = new float[(end - start) * p];
        int[] y = new int[end - start];
        for (int s = start; s < end; s++) {
            System.arraycopy(data.images(), order[s] * p, x, (s - start) * p, p);
            y[s - start] = data.labels()[order[s]];
        }
        return new NDArray[] {m.create(x, new Shape(end - start, 1, data.rows(), data.cols())), m.create(y)};
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
