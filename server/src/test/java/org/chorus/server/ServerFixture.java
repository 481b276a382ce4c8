package org.chorus.server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.chorus.core.config.ChorusConfig;
import org.chorus.core.db.TestDatabases;

/** A real server on a free loopback port, over SQLite in a temp directory or a fresh PostgreSQL database. */
public final class ServerFixture implements AutoCloseable {
    public static final String ADMIN_TOKEN = "hf_fixtureAdminToken0123456789";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final ChorusServer server;

    private ServerFixture(ChorusServer server) {
        this.server = server;
    }

    public static ServerFixture sqlite(Path dataDir) {
        return sqlite(dataDir, settings -> { });
    }

    public static ServerFixture postgres(Path dataDir) {
        return postgres(dataDir, settings -> { });
    }

    /** With {@code settings} applied over the fixture's own (e.g. another default tracking permission). */
    public static ServerFixture sqlite(Path dataDir, Consumer<ChorusConfig.Builder> settings) {
        return start(dataDir, null, settings);
    }

    public static ServerFixture postgres(Path dataDir, Consumer<ChorusConfig.Builder> settings) {
        return start(dataDir, TestDatabases.freshPostgresUrl(), settings);
    }

    /** A node on an existing database and data directory, as a second node behind a load balancer would be. */
    public static ServerFixture node(Path dataDir, String database) {
        return start(dataDir, database, settings -> { });
    }

    /** A node whose settings a test changes from the fixture's (limits, lifetimes); a null database is SQLite in {@code dataDir}. */
    public static ServerFixture start(Path dataDir, String database, Consumer<ChorusConfig.Builder> settings) {
        ChorusConfig.Builder config = ChorusConfig.builder().host("127.0.0.1").port(0).dataDir(dataDir).database(database)
                .maxBodyBytes(1 << 20).bootstrapToken(ADMIN_TOKEN).federatedPort(0);
        settings.accept(config);
        return new ServerFixture(ChorusServer.start(config.build()));
    }

    /** The federated gRPC port of this server. */
    public int federatedPort() {
        return server.federatedPort();
    }

    public String url() {
        return "http://127.0.0.1:" + server.port();
    }

    public HttpResponse<String> send(String method, String path, String token, String body) {
        return exchange(method, path, token, body, HttpResponse.BodyHandlers.ofString());
    }

    /** A GET whose body is kept as bytes, for binary files; anything but 200 fails. */
    public byte[] getBytes(String path, String token) {
        HttpResponse<byte[]> r = exchange("GET", path, token, null, HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + r.statusCode() + ": " + new String(r.body(), java.nio.charset.StandardCharsets.UTF_8));
        }
        return r.body();
    }

    private <T> HttpResponse<T> exchange(String method, String path, String token, String body, HttpResponse.BodyHandler<T> handler) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return send(b, handler);
    }

    /** Sends a request built by a test (odd headers, other bodies), failures of the connection as unchecked. */
    public static <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler) {
        try {
            return HTTP.send(request.build(), handler);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Takes the downloads counted so far into this node's lists sorted by downloads or trending, as its batch does
     * every 10 s (docs/discovery.md, *Download counts*).
     */
    public void refreshDownloadCounts() {
        server.refreshDownloadCounts();
    }

    /** The server's HTTP routes, in the order its router tries them. */
    public java.util.List<io.javalin.router.ParsedEndpoint> routes() {
        return server.routes();
    }

    public HttpResponse<String> get(String path, String token) {
        return send("GET", path, token, null);
    }

    @Override
    public void close() {
        server.close();
    }
}
