package org.chorus.federated.djl;

import java.util.List;
import java.util.SplittableRandom;
import org.chorus.client.federated.LocalTrainer;
import org.chorus.federated.sim.Dataset;
import org.chorus.federated.sim.TrainerFactory;
import org.chorus.federated.tensor.ModelLayout;
import org.chorus.federated.tensor.TensorSpec;
import org.chorus.federated.tensor.Weights;

/** The reference CNN's layout, PyTorch-style initialisation, and trainers. */
public final class Cnn {
    public static final ModelLayout LAYOUT = ModelLayout.of(List.of(
            new TensorSpec("conv1.weight", new long[] {6, 1, 5, 5}), new TensorSpec("conv1.bias", new long[] {6}),
            new TensorSpec("conv2.weight", new long[] {16, 6, 5, 5}), new TensorSpec("conv2.bias", new long[] {16}),
            new TensorSpec("fc1.weight", new long[] {120, 256}), new TensorSpec("fc1.bias", new long[] {120}),
            new TensorSpec("fc2.weight", new long[] {84, 120}), new TensorSpec("fc2.bias", new long[] {84}),
            new TensorSpec("fc3.weight", new long[] {10, 84}), new TensorSpec("fc3.bias", new long[] {10})));

    private Cnn() {}

    public static TrainerFactory factory() {
        return new TrainerFactory() {
            @Override
            public Weights initialModel(long seed) {
                return init(seed);
            }

            @Override
            public LocalTrainer create(Dataset data, int[] indices, long seed) {
                return new CnnTrainer(data, indices, seed);
            }
        };
    }

    /** PyTorch's default: weights and biases uniform in ±1/√fan_in, fan_in of the layer's weight. */
    static Weights init(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] v = new float[LAYOUT.size()];
        long fanIn = 1;
        for (int t = 0; t < LAYOUT.tensors().size(); t++) {
            long[] shape = LAYOUT.tensors().get(t).shape();
            if (shape.length > 1) {
                fanIn = 1;
                for (int d = 1; d < shape.length; d++) {
                    fanIn *= shape[d];
                }
            }
            double bound = 1 / Math.sqrt(fanIn);
            for (int i = LAYOUT.offset(t); i < LAYOUT.offset(t + 1); i++) {
                v[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
            }
        }
        return new Weights(LAYOUT, v);
    }
}
