package org.chorus.scaleout;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * N Chorus nodes on one PostgreSQL database and one S3 bucket, behind nginx: the production layout of
 * docs/operations.md on loopback. Requests through {@link #send} go through nginx, as every client's do.
 */
final class Cluster implements AutoCloseable {
    static final String ADMIN_TOKEN = "hf_scaleoutBootstrapAdminToken0123";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final String database;
    final String storage;
    final List<ChorusNode> nodes = new ArrayList<>();
    final Nginx nginx;

    /**
     * Starts the first node alone (it creates the schema and the bootstrap admin on the empty database), then the
     * others together, then nginx in front of them all.
     */
    Cluster(Path dir, String database, String storage, int size) throws Exception {
        this(dir, database, storage, size, ChorusNode.TEST_JVM);
    }

    /** As above, each node's JVM started with {@code jvmOptions} (heap, GC, JIT). */
    Cluster(Path dir, String database, String storage, int size, List<String> jvmOptions) throws Exception {
        this(dir, database, storage, java.util.Collections.nCopies(size, jvmOptions));
    }

    /** As above, a node per entry of {@code jvmOptionsPerNode}, its JVM started with those options. */
    Cluster(Path dir, String database, String storage, List<List<String>> jvmOptionsPerNode) throws Exception {
        this.database = database;
        this.storage = storage;
        Files.createDirectories(dir);
        for (int i = 1; i <= jvmOptionsPerNode.size(); i++) {
            nodes.add(new ChorusNode("n" + i, dir, database, storage, ADMIN_TOKEN, jvmOptionsPerNode.get(i - 1)));
        }
        try {
            nodes.getFirst().start().awaitHealthy(Duration.ofSeconds(300));
            nodes.stream().skip(1).forEach(ChorusNode::start);
            for (ChorusNode node : nodes) {
                node.awaitHealthy(Duration.ofSeconds(300));
            }
            nginx = new Nginx(dir.resolve("nginx"), nodes);
        } catch (Exception | AssertionError e) {
            closeNodes();
            throw e;
        }
    }

    String url() {
        return nginx.url();
    }

    /** One request through nginx, no retry. */
    HttpResponse<String> send(String method, String path, String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A file of a repository at main, through nginx ({@code /{repo}/resolve/main/{path}}). */
    byte[] download(String repo, String path, String token) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url() + "/" + repo + "/resolve/main/" + path))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(120)).build();
        try {
            HttpResponse<byte[]> r = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build()
                    .send(request, HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.statusCode()).as(repo + "/" + path).isEqualTo(200);
            return r.body();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Creates a user with a password and returns a write token for them. */
    String user(String name, String password) {
        HttpResponse<String> u = send("POST", "/api/chorus/users", ADMIN_TOKEN, "{\"name\":\"" + name + "\",\"password\":\"" + password + "\"}");
        assertThat(u.statusCode()).as(u.body()).isEqualTo(201);
        HttpResponse<String> t = send("POST", "/api/chorus/users/" + name + "/tokens", ADMIN_TOKEN, "{\"name\":\"scaleout\",\"role\":\"write\"}");
        assertThat(t.statusCode()).as(t.body()).isEqualTo(201);
        return Json.read(t.body()).path("token").asText();
    }

    void createModel(String owner, String name, String token) {
        HttpResponse<String> r = send("POST", "/api/repos/create", token, "{\"name\":\"" + name + "\",\"organization\":\"" + owner + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    /** {@code chorus storage fsck} on this cluster's database and bucket (exit 0: nothing wrong). */
    Processes.Result fsck() {
        return Processes.run(Processes.root(), java.util.Map.of(), 300, List.of(ChorusNode.javaBin(), "-jar", ChorusNode.JAR.toString(),
                "storage", "fsck", "--db", database, "--storage", storage));
    }

    @Override
    public void close() {
        nginx.close();
        closeNodes();
    }

    private void closeNodes() {
        CompletableFuture.allOf(nodes.stream().map(n -> CompletableFuture.runAsync(n::close)).toArray(CompletableFuture[]::new)).join();
    }
}
