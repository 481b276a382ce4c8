package org.chorus.federated.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.assertj.core.data.Offset;
import org.chorus.client.federated.Config;
import org.chorus.client.federated.LocalTrainer;
import org.chorus.client.federated.NamedTensor;
import org.chorus.federated.sim.Dataset;
import org.chorus.federated.tensor.TensorSpec;
import org.chorus.federated.tensor.Weights;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class CnnTrainerTest {

    static List<NamedTensor> named(Weights w) {
        return w.layout().tensors().stream().map((TensorSpec t) -> new NamedTensor(t.name(), t.shape(), w.tensor(t.name()))).toList();
    }

    @Test
    void localTrainingOnPyTorchLowersTheLossAndKeepsNamesAndShapes() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(Dataset.DEBIAN_FASHION_MNIST), "needs apt-get install dataset-fashion-mnist");
        Dataset data = Dataset.fashionMnist(Dataset.DEBIAN_FASHION_MNIST, "t10k").head(2000);
        int[] all = IntStream.range(0, data.size()).toArray();
        LocalTrainer t = Cnn.factory().create(data, all, 1);
        List<NamedTensor> initial = named(Cnn.init(3));
        Config config = new Config(Map.of("epochs", 3L, "batch_size", 32L, "lr", 0.01, "momentum", 0.9));

        double before = t.evaluate(initial, config).metrics().get("loss");
        LocalTrainer.FitResult fit = t.fit(initial, config);
        LocalTrainer.EvaluateResult after = t.evaluate(fit.weights(), config);

        assertThat(fit.numExamples()).isEqualTo(2000);
        assertThat(fit.weights()).extracting(NamedTensor::name).containsExactlyElementsOf(Cnn.LAYOUT.tensors().stream().map(TensorSpec::name).toList());
        assertThat(after.metrics().get("loss")).isLessThan(before - 0.05);
        assertThat(after.metrics().get("accuracy")).isGreaterThan(0.2);
    }

    @Test
    void fedProxsProximalTermHoldsTheWeightsNearTheGlobalModel() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(Dataset.DEBIAN_FASHION_MNIST), "needs apt-get install dataset-fashion-mnist");
        Dataset data = Dataset.fashionMnist(Dataset.DEBIAN_FASHION_MNIST, "t10k").head(640);
        int[] all = IntStream.range(0, data.size()).toArray();
        List<NamedTensor> initial = named(Cnn.init(3));
        double free = distance(initial, Cnn.factory().create(data, all, 1).fit(initial, fedProx(0)).weights());
        double held = distance(initial, Cnn.factory().create(data, all, 1).fit(initial, fedProx(20)).weights());

        // μ·lr = 0.2: each step pulls a fifth of the way back, so the weights move far less than without the term
        assertThat(held).isGreaterThan(0).isLessThan(free / 2);
    }

    @Test
    void theChannelsLastViewComputesTheSameLogitsAndGradientsAsTheDefaultLayout() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDList params = new NDList();
            for (NamedTensor t : named(Cnn.init(5))) {
                NDArray p = m.create(t.values(), new Shape(t.shape()));
                p.setRequiresGradient(true);
                params.add(p);
            }
            // distinct pixels (no two alike), so a transposed or shifted image gives other logits
            NDArray x = m.arange(0f, 3 * 28 * 28).reshape(3, 1, 28, 28).div(3 * 28 * 28).sin();
            float[][] logits = new float[2][];
            float[][] gradients = new float[2][];
            for (int layout = 0; layout < 2; layout++) {
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray out = layout == 0 ? CnnTrainer.layers(params, x) : CnnTrainer.forward(params, x);
                    logits[layout] = out.toFloatArray();
                    gc.backward(out.square().sum());
                }
                gradients[layout] = params.get(0).getGradient().toFloatArray();
                params.forEach(p -> p.getGradient().subi(p.getGradient()));
            }

            assertThat(CnnTrainer.channelsLast(x).getShape()).isEqualTo(x.getShape());
            assertThat(logits[1]).hasSize(30).containsExactly(logits[0], Offset.offset(1e-5f));
            assertThat(gradients[1]).containsExactly(gradients[0], Offset.offset(1e-4f));
            assertThatThrownBy(() -> CnnTrainer.channelsLast(m.zeros(new Shape(2, 3, 28, 28)))).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static Config fedProx(double mu) {
        return new Config(Map.of("epochs", 2L, "batch_size", 32L, "lr", 0.01, "momentum", 0.9, "proximal_mu", mu));
    }

    private static double distance(List<NamedTensor> a, List<NamedTensor> b) {
        double sum = 0;
        for (int t = 0; t < a.size(); t++) {
            for (int i = 0; i < a.get(t).values().length; i++) {
                double d = a.get(t).values()[i] - b.get(t).values()[i];
                sum += d * d;
            }
        }
        return Math.sqrt(sum);
    }
}
