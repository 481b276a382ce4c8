package org.chorus.xet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A JVM without the Vector API module (the SDK's usual case) hashes with scalar code, and gets the same hash. */
class ScalarWithoutVectorModuleTest {
    @Test
    void hashesWithScalarCodeWhenTheJvmHasNoVectorModule() throws IOException, InterruptedException {
        // Prepare
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                ScalarHashMain.class.getName()).redirectErrorStream(true).start();

        // Execute
        List<String> lines = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();

        // Assert
        assertThat(child.waitFor()).as("child output %s", lines).isZero();
        byte[] data = SplitMix.randomData(100_000, 3);
        assertThat(lines).containsExactly("false",
                HexFormat.of().formatHex(Blake3Test.bouncyCastle(Hashing.DATA_KEY, data, 0, data.length)));
    }
}
