package org.chorus.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills (SIGKILL) a JVM that is storing files into a directory store at random moments — by ingest, and by Xet xorbs
 * (partly deduplicated into aliases) and shards — several times over the same store, then checks the store: fsck
 * finds no damage and every file whose store had returned still reads back intact.
 */
class SurvivesKillDuringIngestTest {
    @TempDir
    Path dir;

    /** The last 20 lines of {@code file}, leaving out the JVM's warnings about native access. */
    private static String tail(Path file) throws java.io.IOException {
        List<String> lines = Files.readAllLines(file).stream().filter(l -> !l.startsWith("WARNING:")).toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }

    private static int sizeOf(Map<Long, String> map) {
        synchronized (map) {
            return map.size();
        }
    }

    @Test
    void everyCompletedFileSurvivesRepeatedKillMinus9() throws Exception {
        // Prepare
        Map<Long, String> completed = new LinkedHashMap<>();
        Random random = new Random(20261123);
        long nextSeed = 1;

        // Execute
        for (int round = 0; round < 5; round++) {
            // the child's stderr is kept for a round in which it reports nothing (some CI runs waited 120 s in four rounds)
            Path errors = Files.createTempFile("crash-ingest", ".err");
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), CrashIngestMain.class.getName(), dir.toString(),
                    Long.toString(nextSeed)).redirectError(errors.toFile()).start();
            int before;
            synchronized (completed) {
                before = completed.size();
            }
            Thread reader = Thread.ofPlatform().start(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        String[] parts = line.split(" ");
                        if (parts.length == 3 && parts[0].equals("DONE")) {
                            synchronized (completed) {
                                completed.put(Long.parseLong(parts[1]), parts[2]);
                            }
                        }
                    }
                } catch (java.io.IOException ignored) {
                    // The child was killed mid-line: that line was never a completed ingest.
                }
            });
            // Kill at a random moment after the child has made progress (JVM start-up time varies with load).
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline && sizeOf(completed) == before) {
                Thread.sleep(20);
            }
            if (sizeOf(completed) == before) {
                System.out.printf("round %d: no file stored in 120 s; the child %s; its stderr ends:%n%s%n", round,
                        child.isAlive() ? "still runs" : "exited with " + child.exitValue(), tail(errors));
            }
            Thread.sleep(random.nextInt(1200));
            child.destroyForcibly().waitFor();
            reader.join();
            Files.delete(errors);
            synchronized (completed) {
                nextSeed = completed.keySet().stream().mapToLong(Long::longValue).max().orElse(nextSeed - 1) + 2;
            }
        }

        // Assert
        assertThat(completed).hasSizeGreaterThanOrEqualTo(5);
        try (ChunkStore store = new DefaultChunkStore(new DirectoryObjectStore(dir), CrashIngestMain.CONFIG)) {
            FsckReport report = store.fsck();
            assertThat(report.problems()).isEmpty();
            for (Map.Entry<Long, String> done : completed.entrySet()) {
                byte[] back = ChunkStoreContract.readAll(store.read(FileHash.fromHex(done.getValue())));
                assertThat(back).as("file of seed %d", done.getKey()).isEqualTo(CrashIngestMain.content(done.getKey()));
            }
        }
    }
}
