package org.chorus.scaleout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One Chorus node as its own JVM: {@code java -jar cli/target/chorus.jar serve} on PostgreSQL and S3, the way
 * docs/operations.md runs one in production. {@link #kill} is SIGKILL: no shutdown hook runs.
 */
final class ChorusNode implements AutoCloseable {
    static final Path JAR = Processes.root().resolve("cli/target/chorus.jar");
    /**
     * The test's JVM: C1 only, a third of the start-up CPU, which three JVMs starting on 2 cores wait for. The
     * scale-out benchmark runs {@link #SERVING_JVM} instead: CPU per request is measured after a warm-up, with C2.
     */
    static final List<String> TEST_JVM = List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    static final List<String> SERVING_JVM = List.of("-Xmx512m", "-XX:+UseSerialGC");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final String id;
    final int port;
    final int federatedPort;
    private final List<String> command;
    private final Path log;
    private final Map<String, String> env;
    private Process process;
    private volatile boolean frozen;

    ChorusNode(String id, Path dir, String database, String storage, String bootstrapToken, List<String> jvmOptions) {
        this.id = id;
        this.port = Processes.freePort();
        this.federatedPort = Processes.freePort();
        this.log = dir.resolve(id + ".log");
        this.env = Map.of("CHORUS_BOOTSTRAP_TOKEN", bootstrapToken);
        this.command = new ArrayList<>(List.of(javaBin()));
        command.addAll(jvmOptions);
        command.addAll(List.of("--add-modules", "jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED", "-jar", JAR.toString(), "serve", "--node-id", id,
                "--port", "" + port, "--fl-port", "" + federatedPort,
                "--fl-address", "127.0.0.1:" + federatedPort, // what other nodes dial to forward a federated node's calls here
                "--data", dir.resolve(id).toString(),
                "--db", database, "--storage", storage));
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Starts the JVM (appending to its log) without waiting for it to answer. */
    ChorusNode start() {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.environment().putAll(env);
            process = pb.start();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until {@code /health} answers 200, failing with the node's log if it does not within {@code timeout}. */
    ChorusNode awaitHealthy(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new AssertionError("node " + id + " exited " + process.exitValue() + ":\n" + log());
            }
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/health")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return this;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("node " + id + " did not answer /health within " + timeout + ":\n" + log());
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    long pid() {
        return process.pid();
    }

    /** The JVM's CPU time so far (user + system), for the benchmark's CPU per request. */
    Duration cpu() {
        return ProcCpu.of(process.pid());
    }

    /** The CPU time of the JVM's JIT compiler threads (part of {@link #cpu}): its warm-up, still going under load. */
    Duration jitCpu() {
        return ProcCpu.ofThreads(process.pid(), "C1 CompilerThre", "C2 CompilerThre");
    }

    /**
     * SIGSTOP: the JVM stops using any CPU, holding its connections as they are (the benchmark's 1-node windows,
     * after nginx stopped sending it requests); {@link #thaw} resumes it.
     */
    void freeze() {
        signal("STOP");
        frozen = true;
    }

    /** SIGCONT after {@link #freeze}. */
    void thaw() {
        signal("CONT");
        frozen = false;
    }

    boolean frozen() {
        return frozen;
    }

    private void signal(String name) {
        Processes.Result r = Processes.run(Path.of("."), Map.of(), 10, List.of("kill", "-" + name, Long.toString(process.pid())));
        if (r.exitCode() != 0) {
            throw new IllegalStateException("kill -" + name + " " + process.pid() + ": " + r.output());
        }
    }

    /** SIGKILL (Process.destroyForcibly on Linux), then waits for the process to be gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            if (frozen) {
                thaw(); // a stopped JVM would not run its shutdown on SIGTERM
            }
            process.destroy();
            try {
                if (!process.waitFor(Duration.ofSeconds(20))) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
