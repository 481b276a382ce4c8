package org.chorus.federated.djl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
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
}
