package org.chorus.scaleout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The official {@code @huggingface/hub} client (server/src/test/js, installed there with npm ci when missing) running
 * hf-scaleout.mjs through nginx: LFS and Xet uploads and downloads until the stop file appears.
 */
final class HfJsWorkload implements AutoCloseable {
    static final Path JS = Processes.root().resolve("server/src/test/js");
    private final Path stopFile;
    private final Path output;
    private final Process process;

    HfJsWorkload(Path dir, String url, String token, String user) throws IOException {
        if (!Files.isDirectory(JS.resolve("node_modules/@huggingface/hub"))) {
            Processes.Result ci = Processes.run(JS, Map.of(), 300, java.util.List.of("npm", "ci", "--no-audit", "--no-fund"));
            if (ci.exitCode() != 0) {
                throw new AssertionError("npm ci: " + ci.output());
            }
        }
        Files.createDirectories(dir);
        stopFile = dir.resolve("stop");
        output = dir.resolve("hf-scaleout.log");
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/node", "hf-scaleout.mjs").directory(JS.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        pb.environment().putAll(Map.of("HUB_URL", url, "HF_TOKEN", token, "HF_USER", user, "SIZE", "" + (1 << 20), "STOP_FILE", stopFile.toString()));
        process = pb.start();
    }

    /** Path to SHA-256 of every file whose commit succeeded so far. */
    Map<String, String> committed() {
        Map<String, String> files = new LinkedHashMap<>();
        output().lines().filter(l -> l.startsWith("COMMITTED ")).map(l -> l.split(" ")).forEach(p -> files.put(p[1], p[2]));
        return files;
    }

    String output() {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Asks the script to stop after its round and returns its exit code (0: every byte came back as sent). */
    int stop() throws Exception {
        Files.writeString(stopFile, "");
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
