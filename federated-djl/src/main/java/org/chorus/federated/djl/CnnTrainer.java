package org.chorus.federated.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.GradientCollector;
import ai.djl.engine.Engine;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
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
 * {@code μ/2·‖w − w_global‖²} when {@code proximal_mu > 0} (its gradient is added in the update; the reported
 * {@code loss} is the mean cross-entropy of the batches, without the term).
 */
final class CnnTrainer implements LocalTrainer {
    /** DJL's PyTorch engine allows one gradient collector per process: local training runs one client at a time. */
    private static final Object ONE_COLLECTOR = new Object();

    /**
     * Images a forward pass in evaluation: the 10,000 test images cost 255–270 ms of thread CPU in batches of 256,
     * 306–351 ms in batches of 1,000 (13.8 MB of activations after the first convolution: past the caches), 271–297 ms
     * in 128 and 300–327 ms in 64 (one thread, alternated in one process, 2026-12-05).
     */
    private static final int EVALUATION_BATCH = 256;

    private final Dataset data;
    private final int[] indices;
    private final SplittableRandom random;

    CnnTrainer(Dataset data, int[] indices, long seed) {
        this.data = data;
        this.indices = indices.clone();
        this.random = new SplittableRandom(seed);
    }

    /** The logits for a batch of images (n × 1 × rows × cols). */
    static NDArray forward(NDList p, NDArray x) {
        return layers(p, channelsLast(x));
    }

    /**
     * The single-channel images (n × 1 × rows × cols, contiguous) as a channels-last view of the same shape: the bytes of
     * n × rows × cols × 1 are the same, permuted back. Given channels-last strides, libtorch keeps the activations
     * channels-last through both convolutions and pools and picks its kernels for that layout; the default layout's
     * max-pool, a scalar loop per plane, was a fifth of the bench JVM's CPU in perf, the channels-last one takes 40 %
     * fewer samples. Training step −10 %, forward −22 %, same values to rounding (DJL 0.35.1, libtorch 2.7.1, one
     * thread, batch 64).
     */
    static NDArray channelsLast(NDArray x) {
        Shape s = x.getShape();
        if (s.dimension() != 4 || s.get(1) != 1) {
            throw new IllegalArgumentException("expected n × 1 × rows × cols images, got " + s);
        }
        return x.reshape(s.get(0), s.get(2), s.get(3), 1).transpose(0, 3, 1, 2);
    }

    /** The network on images in any memory layout. */
    static NDArray layers(NDList p, NDArray x) {
        Shape one = new Shape(1, 1);
        Shape two = new Shape(2, 2);
        Shape none = new Shape(0, 0);
        // pool before ReLU: the two commute exactly (ReLU is monotone; where a window is all ≤ 0 both orders pass no
        // gradient), and ReLU then runs on a quarter of the elements, forward and backward
        NDArray h = Conv2d.conv2d(x, p.get(0), p.get(1), one, none, one, 1).singletonOrThrow();
        h = Activation.relu(Pool.maxPool2d(h, two, two, none, false));
        h = Conv2d.conv2d(h, p.get(2), p.get(3), one, none, one, 1).singletonOrThrow();
        h = Activation.relu(Pool.maxPool2d(h, two, two, none, false));
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
            // FedProx's term μ/2·‖w − w_global‖² has the gradient μ·w − μ·w_global: the fused update adds μ·w as weight
            // decay and the step subtracts μ·w_global (fixed for the round) from the gradient, instead of the term going
            // through autograd (three ops a parameter forward, more backward, on every batch)
            NDList muGlobal = mu > 0 ? load(m, weights, false) : null;
            if (muGlobal != null) {
                muGlobal.forEach(g -> g.muli(mu));
            }
            NDList velocity = new NDList();
            for (NDArray p : params) {
                velocity.add(m.zeros(p.getShape()));
            }
            int[] order = indices.clone();
            for (int e = 0; e < epochs; e++) {
                shuffle(order);
                try (NDManager epoch = m.newSubManager()) {
                    NDArray[] xy = examples(epoch, order);
                    for (int start = 0; start < order.length; start += batch) {
                        NDIndex rows = new NDIndex().addSliceDim(start, Math.min(order.length, start + batch));
                        try (NDManager step = epoch.newSubManager()) {
                            NDArray loss;
                            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                                loss = crossEntropy(forward(params, xy[0].get(step, rows)), xy[1].get(step, rows));
                                gc.backward(loss);
                            }
                            lossSum += loss.getFloat();
                            batches++;
                            for (int i = 0; i < params.size(); i++) {
                                step(params.get(i), velocity.get(i), muGlobal == null ? null : muGlobal.get(i), lr, momentum, mu);
                            }
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

    /**
     * One SGD-with-momentum step on {@code w} in place, in one native call that also zeroes its gradient (DJL's fused
     * update: {@code v ← momentum·v + lr·(g + mu·w); w ← w − v}, i.e. PyTorch's {@code v ← momentum·v + g; w ← w − lr·v}
     * with v scaled by lr). With FedProx ({@code muGlobal} = μ·w_global, else null) the gradient first loses μ·w_global
     * and the update's weight decay μ adds μ·w: the proximal term's gradient. Updating in place keeps the same leaf
     * tensors all round: no new arrays, no graph bookkeeping.
     */
    private static void step(NDArray w, NDArray velocity, NDArray muGlobal, float lr, float momentum, float mu) {
        try (NDArray g = w.getGradient()) {
            if (muGlobal != null) {
                g.subi(muGlobal);
            }
            // gradient rescale 1, clip < 0: off
            w.getNDArrayInternal().sgdUpdate(new NDList(w, g, velocity), new NDList(w), lr, mu, 1, -1, momentum, false);
        }
    }

    @Override
    public EvaluateResult evaluate(List<NamedTensor> weights, Config config) {
        double lossSum = 0;
        long correct = 0;
        try (NDManager m = NDManager.newBaseManager()) {
            NDList params = load(m, weights, false);
            NDArray[] xy = examples(m, indices);
            for (int start = 0; start < indices.length; start += EVALUATION_BATCH) {
                int end = Math.min(indices.length, start + EVALUATION_BATCH);
                NDIndex rows = new NDIndex().addSliceDim(start, end);
                try (NDManager step = m.newSubManager()) {
                    NDArray y = xy[1].get(step, rows);
                    NDArray logits = forward(params, xy[0].get(step, rows));
                    lossSum += crossEntropy(logits, y).getFloat() * (end - start);
                    correct += logits.argMax(1).eq(y.squeeze(1)).sum().getLong();
                }
            }
        }
        int n = Math.max(1, indices.length);
        return new EvaluateResult(indices.length, Map.of("loss", lossSum / n, "accuracy", correct / (double) n));
    }

    /** Mean negative log-likelihood of the labels (n × 1, int64) under the logits' softmax: PyTorch's cross_entropy. */
    private static NDArray crossEntropy(NDArray logits, NDArray labels) {
        return logits.logSoftmax(1).gather(labels, 1).mean().neg();
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

    /**
     * The examples in {@code order} as two arrays, images (n × 1 × rows × cols) and labels (n × 1, int64), written
     * straight into native buffers: batches are then slices of them (views, one native call each) rather than one
     * array copied from Java per batch.
     */
    private NDArray[] examples(NDManager m, int[] order) {
        int p = data.pixels();
        ByteBuffer x = ByteBuffer.allocateDirect(order.length * p * Float.BYTES).order(ByteOrder.nativeOrder());
        ByteBuffer y = ByteBuffer.allocateDirect(order.length * Long.BYTES).order(ByteOrder.nativeOrder());
        FloatBuffer xf = x.asFloatBuffer();
        LongBuffer yl = y.asLongBuffer();
        for (int i : order) {
            xf.put(data.images(), i * p, p);
            yl.put(data.labels()[i]);
        }
        return new NDArray[] {m.create(x, new Shape(order.length, 1, data.rows(), data.cols()), DataType.FLOAT32),
                m.create(y, new Shape(order.length, 1), DataType.INT64)};
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
