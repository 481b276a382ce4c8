package org.chorus.federated;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chorus.federated.secure.testing.Python;

/**
 * Python nodes (clients/python, {@code python3 -m chorus_fl}) as processes beside a test's coordinator, each running
 * src/test/python/shift_trainer.py: it adds a known shift to every weight on a known number of examples, so a test
 * computes the aggregate without looking inside the processes. Each node logs to {@code <name>.log} in the test's
 * directory; closing stops them all. Skipped (failed under CI) without a Python that imports grpc, protobuf and numpy.
 */
final class PythonNodes implements AutoCloseable {
    private final Python python;
    private final Path dir;
    private final Map<String, Process> processes = new LinkedHashMap<>();

    PythonNodes(Path dir) throws InterruptedException {
        this.python = Python.find("grpc", "google.protobuf", "numpy");
        this.dir = dir;
    }

    /** Starts node {@code name} in {@code federation} on localhost:{@code port}; {@code properties} are key=value facts. */
    void start(int port, String federation, String token, String name, float shift, long examples, String... properties) throws IOException {
        List<String> args = new ArrayList<>(List.of("--target", "localhost:" + port, "--federation", federation, "--name", name,
                "--trainer", "shift_trainer:make", "--option", "shift=" + shift, "--option", "examples=" + examples));
        for (String p : properties) {
            args.addAll(List.of("--property", p));
        }
        processes.put(name, python.start(log(name), Map.of("CHORUS_JOIN_TOKEN", token), "chorus_fl", args));
    }

    Path log(String name) {
        return dir.resolve(name + ".log");
    }

    boolean everyLogContains(String text) throws IOException {
        for (String name : processes.keySet()) {
            if (!Files.exists(log(name)) || !Files.readString(log(name)).contains(text)) {
                return false;
            }
        }
        return true;
    }

    /** Every node's log after each node wrote its threads' stacks there (SIGUSR1): why a node is stuck. */
    String logsWithStacks() {
        try {
            for (Process p : processes.values()) {
                new ProcessBuilder("kill", "-USR1", Long.toString(p.pid())).start().waitFor();
            }
            Thread.sleep(500);
            return logs();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every node's log, for assertion messages. */
    String logs() throws IOException {
        StringBuilder out = new StringBuilder();
        for (String name : processes.keySet()) {
            out.append("--- ").append(name).append('\n').append(Files.exists(log(name)) ? Files.readString(log(name)) : "(no log)");
        }
        return out.toString();
    }

    @Override
    public void close() {
        try {
            for (Process p : processes.values()) {
                Python.stop(p);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
