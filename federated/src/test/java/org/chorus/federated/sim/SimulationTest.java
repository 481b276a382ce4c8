package org.chorus.federated.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SimulationTest {

    @Test
    void fashionMnistReadsFromTheDebianPackage() throws Exception {
        FashionMnist.ensureInstalled();
        Dataset test = Dataset.fashionMnist(Dataset.DEBIAN_FASHION_MNIST, "t10k");
        assertThat(test.size()).isEqualTo(10_000);
        assertThat(test.pixels()).isEqualTo(784);
        assertThat(test.labels()).containsOnly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        float min = 1;
        float max = 0;
        for (float v : test.images()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertThat(min).isEqualTo(0f);
        assertThat(max).isEqualTo(1f);
    }

    @Test
    void virtualClientsLearnFashionMnistThroughTheRealCoordinator() throws Exception {
        FashionMnist.ensureInstalled();
        SimulationOptions o = SimulationOptions.parse("--clients=5", "--rounds=3", "--epochs=1", "--partition=dir(0.5)",
                "--strategy=fedprox", "--param.proximal_mu=0.01", "--train-limit=3000", "--test-limit=1000", "--lr=0.01");

        Set<Path> before = simulationDirectories();

        Simulation.Result r = Simulation.run(o, Simulation.softmax());

        assertThat(r.task().rounds()).hasSize(3).allSatisfy(round -> assertThat(round.participants()).isEqualTo(5));
        assertThat(r.testAccuracy()).isGreaterThan(0.6);
        assertThat(r.partitions()).hasSize(5);
        // Compared as sets: other processes on the machine may create or remove their own directories meanwhile.
        assertThat(before).as("the coordinator's temporary database is removed").containsAll(simulationDirectories());
    }

    private static Set<Path> simulationDirectories() throws IOException {
        try (var files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(p -> p.getFileName().toString().startsWith("chorus-fl-sim")).collect(Collectors.toSet());
        }
    }
}
