package org.chorus.xet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A process with the Vector API starts compiling SIMD BLAKE3 only once it has hashed enough for that to pay: a short
 * upload does not pay a core's seconds of warm-up.
 */
class SimdWarmUpOnDemandTest {
    @Test
    void theWarmUpStartsOnlyAfterTheThresholdIsHashed() throws IOException, InterruptedException {
        // Prepare
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "--add-modules", "jdk.incubator.vector",
                "-cp", System.getProperty("java.class.path"), WarmUpOnDemandMain.class.getName())
                .redirectErrorStream(true).start();

        // Execute
        List<String> lines = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .filter(l -> !l.startsWith("WARNING: Using incubator modules")).toList();

        // Assert
        assertThat(child.waitFor()).as("child output %s", lines).isZero();
        long step = 64 * 1024;
        assertThat(lines).containsExactly(step + " false", (VectorSupport.WARM_UP_AFTER - step) + " false",
                VectorSupport.WARM_UP_AFTER + " true");
    }
}
