package org.chorus.federated.sim;

import static org.assertj.core.api.Assertions.assertThat;

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

        long leftBefore = simulationDirectories();

        Simulation.Result r = Simulation.run(o, Simulation.softmax());

        assertThat(r.task().rounds()).hasSize(3).allSatisfy(round -> assertThat(round.participants()).isEqualTo(5));
        assertThat(r.testAccuracy()).isGreaterThan(0.6);
        assertThat(r.partitions()).hasSize(5);
        assertThat(simulationDirectories()).as("the coordinator's temporary database is removed").isEqualTo(leftBefore);
    }

    private static long simulationDirectories() throws java.io.IOException {
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(p -> p.getFileName().toString().startsWith("chorus-fl-sim")).count();
        }
    }
}
