package org.chorus.federated.sim;

import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Makes sure Debian's dataset-fashion-mnist is installed, installing it when we can; skips with the reason otherwise. */
final class FashionMnist {
    private FashionMnist() {}

    static synchronized void ensureInstalled() throws Exception {
        if (Files.isDirectory(Dataset.DEBIAN_FASHION_MNIST)) {
            return;
        }
        boolean apt = Files.isExecutable(java.nio.file.Path.of("/usr/bin/apt-get"));
        Assumptions.assumeTrue(apt, "Fashion-MNIST is not installed and apt-get is unavailable: apt-get install dataset-fashion-mnist");
        Process p = new ProcessBuilder("apt-get", "install", "-y", "-q", "dataset-fashion-mnist").inheritIO()
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Assumptions.assumeTrue(p.waitFor(10, TimeUnit.MINUTES) && p.exitValue() == 0,
                "apt-get install dataset-fashion-mnist failed (not root, or no package index: run apt-get update)");
    }
}
