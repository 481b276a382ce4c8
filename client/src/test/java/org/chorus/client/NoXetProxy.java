package org.chorus.client;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A proxy to a test server that answers 404 for Xet tokens, as a server without Xet does (the SDK then uploads
 * through the git-lfs batch API), and records the paths it was asked for. LFS transfer URLs still point at the server.
 */
final class NoXetProxy implements AutoCloseable {
    private static final List<String> FORWARDED_HEADERS = List.of("authorization", "content-type", "accept", "range");
    final List<String> paths = new CopyOnWriteArrayList<>();
    private final HttpServer proxy;

    NoXetProxy(String serverUrl) throws IOException {
        proxy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        HttpClient http = HttpClient.newHttpClient();
        proxy.createContext("/", ex -> {
            String path = ex.getRequestURI().toString();
            paths.add(path);
            byte[] body = ex.getRequestBody().readAllBytes();
            byte[] reply = "{\"error\":\"not found\"}".getBytes();
            int status = 404;
            if (!path.contains("/xet-write-token/")) {
                HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create(serverUrl + path))
                        .method(ex.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
                ex.getRequestHeaders().forEach((k, v) -> {
                    if (FORWARDED_HEADERS.contains(k.toLowerCase())) {
                        v.forEach(x -> forward.header(k, x));
                    }
                });
                try {
                    HttpResponse<byte[]> r = http.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
                    r.headers().map().forEach((k, v) -> {
                        if (!List.of("content-length", "transfer-encoding", "connection", ":status").contains(k.toLowerCase())) {
                            v.forEach(x -> ex.getResponseHeaders().add(k, x));
                        }
                    });
                    status = r.statusCode();
                    reply = r.body();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            ex.sendResponseHeaders(status, reply.length == 0 ? -1 : reply.length);
            ex.getResponseBody().write(reply);
            ex.close();
        });
        proxy.start();
    }

    String url() {
        return "http://127.0.0.1:" + proxy.getAddress().getPort();
    }

    @Override
    public void close() {
        proxy.stop(0);
    }
}
