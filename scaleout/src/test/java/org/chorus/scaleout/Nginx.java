package org.chorus.scaleout;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Debian's nginx running the repository's deploy/nginx/chorus.conf, with only its example addresses (10.0.0.N:8080
 * and :9090) and its two listen ports replaced, inside a throwaway main config (logs, pid and temp files in a
 * directory of the test's).
 */
final class Nginx implements AutoCloseable {
    static final Path CONFIG = Processes.root().resolve("deploy/nginx/chorus.conf");
    static final Path BINARY = Path.of("/usr/sbin/nginx");

    final int httpPort = Processes.freePort();
    final int grpcPort = Processes.freePort();
    private final Path dir;
    private final Process process;

    Nginx(Path dir, List<ChorusNode> nodes) throws IOException, InterruptedException {
        this.dir = dir;
        Files.createDirectories(dir.resolve("tmp"));
        writeUpstreams(nodes);
        String tmp = dir.resolve("tmp").toString();
        Files.writeString(dir.resolve("nginx.conf"), String.join("\n",
                "root".equals(System.getProperty("user.name")) ? "user root;" : "",
                "daemon off;",
                "worker_processes 1;",
                "pid " + dir.resolve("nginx.pid") + ";",
                "error_log " + dir.resolve("error.log") + " warn;",
                "events { worker_connections 1024; }",
                "http {",
                "  access_log " + dir.resolve("access.log") + ";",
                "  client_body_temp_path " + tmp + "/body; proxy_temp_path " + tmp + "/proxy; fastcgi_temp_path " + tmp + "/fastcgi;",
                "  uwsgi_temp_path " + tmp + "/uwsgi; scgi_temp_path " + tmp + "/scgi;",
                "  include " + dir.resolve("chorus.conf") + ";",
                "}", ""));
        process = new ProcessBuilder(BINARY.toString(), "-p", dir.toString(), "-e", dir.resolve("error.log").toString(),
                "-c", dir.resolve("nginx.conf").toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("nginx.out").toFile()).start();
        for (int i = 0; i < 100; i++) {
            try {
                new Socket("127.0.0.1", httpPort).close();
                return;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    break;
                }
                Thread.sleep(100);
            }
        }
        throw new AssertionError("nginx did not start:\n" + Files.readString(dir.resolve("nginx.out")) + Files.readString(dir.resolve("error.log")));
    }

    /** chorus.conf with these nodes in its upstreams, in the example's place of 10.0.0.1, 10.0.0.2, … */
    private void writeUpstreams(List<ChorusNode> nodes) throws IOException {
        String conf = Files.readString(CONFIG);
        conf = replaceOnce(conf, "listen 80;", "listen 127.0.0.1:" + httpPort + ";");
        conf = replaceOnce(conf, "listen 9090 http2;", "listen 127.0.0.1:" + grpcPort + " http2;");
        for (int i = 0; i < nodes.size(); i++) {
            conf = replaceOnce(conf, "10.0.0." + (i + 1) + ":8080", "127.0.0.1:" + nodes.get(i).port);
            conf = replaceOnce(conf, "10.0.0." + (i + 1) + ":9090", "127.0.0.1:" + nodes.get(i).federatedPort);
        }
        // a smaller cluster than the example's three: its unused server lines go
        conf = conf.lines().filter(l -> !l.strip().startsWith("server 10.0.0.")).collect(java.util.stream.Collectors.joining("\n", "", "\n"));
        assertThat(conf).as("no example address left").doesNotContain("10.0.0.");
        Files.writeString(dir.resolve("chorus.conf"), conf);
    }

    /**
     * Sends requests to these nodes only from now on: rewrites the upstreams and reloads nginx, then waits until the
     * old worker finished its requests in flight and exited (the benchmark freezes a node nginx no longer uses).
     */
    void route(List<ChorusNode> nodes) throws IOException, InterruptedException {
        writeUpstreams(nodes);
        List<ProcessHandle> old = process.children().toList();
        Processes.Result reload = Processes.run(dir, java.util.Map.of(), 30, List.of(BINARY.toString(), "-p", dir.toString(),
                "-e", dir.resolve("error.log").toString(), "-c", dir.resolve("nginx.conf").toString(), "-s", "reload"));
        assertThat(reload.exitCode()).as(reload.output()).isZero();
        for (ProcessHandle worker : old) {
            try {
                worker.onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new AssertionError("nginx's old worker " + worker.pid() + " did not exit after the reload", e);
            }
        }
    }

    private static String replaceOnce(String text, String from, String to) {
        int at = text.indexOf(from);
        assertThat(at).as("chorus.conf has " + from).isNotNegative();
        assertThat(text.indexOf(from, at + 1)).as("chorus.conf has " + from + " once").isNegative();
        return text.replace(from, to);
    }

    String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** CPU time of the master and its workers so far, for the benchmark's CPU per request. */
    java.time.Duration cpu() {
        return ProcCpu.withDescendants(process.pid());
    }

    /** nginx's error log: which upstreams it found dead, for a failing test's message. */
    String errors() {
        try {
            return Files.readString(dir.resolve("error.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
