package org.chorus.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory does not grow with file size: ingest, verified read, streamed Xet xorb upload and shard registration of a
 * 256 MiB file complete in a JVM with a 48 MiB heap (the server's {@code -Xmx256m} and 4 GiB files, scaled down).
 * Before xorbs were written to drafts, a filling 64 MiB xorb and the two waiting for the disk did not fit. About 15 s
 * on two cores: four passes over a file large enough to dwarf the heap.
 */
class BoundedMemoryTest {
    @TempDir
    Path dir;

    @Test
    void aFileFiveTimesTheHeapGoesInAndOut() throws IOException, InterruptedException {
        // Prepare
        long size = 256L << 20;
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx48m", "-XX:+ExitOnOutOfMemoryError", "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                BoundedMemoryMain.class.getName(), dir.toString(), Long.toString(size)).redirectErrorStream(true);

        // Execute
        Process child = pb.start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = child.waitFor();

        // Assert
        assertThat(out).as("child output").contains("OK");
        assertThat(exit).isZero();
    }
}
