package org.chorus.scaleout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** External commands of the scale-out test: run to completion with their output, and free loopback ports. */
final class Processes {
    record Result(int exitCode, String output) {}

    private Processes() {}

    /** Runs {@code command} in {@code dir} with {@code env} added, stdout and stderr merged; exit -1 on timeout. */
    static Result run(Path dir, Map<String, String> env, long timeoutSeconds, List<String> command) {
        try {
            Path log = Files.createTempFile("scaleout-run", ".log");
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            boolean done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
            if (!done) {
                p.destroyForcibly().waitFor();
            }
            String out = Files.readString(log);
            Files.delete(log);
            return done ? new Result(p.exitValue(), out) : new Result(-1, out + "\n[timed out after " + timeoutSeconds + " s]");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The repository's root (surefire runs a module's tests in the module's directory). */
    static Path root() {
        return Path.of("..").toAbsolutePath().normalize();
    }
}
