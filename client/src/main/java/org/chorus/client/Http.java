package org.chorus.client;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** JSON over the JDK's HttpClient, with the server's error shape turned into {@link ChorusClientException}. */
final class Http {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String baseUrl;
    private final String token;

    Http(String baseUrl, String token) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.token = token;
    }

    String baseUrl() {
        return baseUrl;
    }

    /** Sends {@code body} (null for none) and returns the parsed JSON answer, or null for an empty one. */
    Object send(String method, String path, Object body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(TIMEOUT);
        try {
            if (body == null) {
                b.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                b.method(method, HttpRequest.BodyPublishers.ofString(JSON.std.asString(body)));
                b.header("Content-Type", "application/json");
            }
            if (token != null) {
                b.header("Authorization", "Bearer " + token);
            }
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            Object parsed = r.body().isBlank() ? null : JSON.std.anyFrom(r.body());
            if (r.statusCode() >= 400) {
                throw failure(r, parsed);
            }
            return parsed;
        } catch (IOException e) {
            throw new ChorusClientException("cannot reach Chorus at " + baseUrl + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChorusClientException("interrupted while calling " + baseUrl, e);
        }
    }

    private static ChorusClientException failure(HttpResponse<String> r, Object parsed) {
        String message = parsed instanceof Map<?, ?> m && m.get("error") != null ? m.get("error").toString() : r.body();
        String code = r.headers().firstValue("X-Error-Code").orElse(null);
        return new ChorusClientException(r.statusCode(), code, "HTTP " + r.statusCode() + ": " + message);
    }
}
