package org.chorus.client;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;

/** HTTP over the JDK's HttpClient, with the server's error shape turned into {@link ChorusClientException}. */
final class Http {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /**
     * Plain-HTTP requests go through a client without TLS ({@link NoTls}), because the JDK's HttpClient asks for a
     * TLS context when it is built and any real one loads the security providers (and the default one parses every
     * trusted certificate): most of a short CLI command's start. https:// requests get a client with the default
     * context, built on first use. (A plain-HTTP server that redirects to https:// therefore fails: use its https://
     * address.)
     */
    private final HttpClient plain = client(NoTls.CONTEXT);
    private volatile HttpClient tls;
    private final String baseUrl;
    private final String token;

    Http(String baseUrl, String token) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.token = token;
    }

    String baseUrl() {
        return baseUrl;
    }

    /**
     * A request to a server path, or to an absolute URL the server handed out. Only server paths carry the
     * token: absolute URLs (LFS upload links) authenticate themselves and must not leak it elsewhere.
     */
    HttpRequest.Builder request(String pathOrUrl) {
        boolean absolute = pathOrUrl.startsWith("http://") || pathOrUrl.startsWith("https://");
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(absolute ? pathOrUrl : baseUrl + pathOrUrl));
        if (!absolute && token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    /** Sends a JSON body (null for none) and returns the parsed JSON answer, or null for an empty one. */
    Object send(String method, String path, Object body) {
        HttpRequest.Builder b = request(path).timeout(TIMEOUT);
        try {
            if (body == null) {
                b.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                b.method(method, HttpRequest.BodyPublishers.ofString(JSON.std.asString(body)));
                b.header("Content-Type", "application/json");
            }
        } catch (IOException e) {
            throw new ChorusClientException("cannot encode the request body: " + e.getMessage(), e);
        }
        return parse(exchange(b.build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    static Object parse(String body) {
        try {
            return body == null || body.isBlank() ? null : JSON.std.anyFrom(body);
        } catch (IOException e) {
            throw new ChorusClientException("the server answered something that is not JSON: " + e.getMessage(), e);
        }
    }

    /** Sends and returns the response; a status of 400 or more becomes a {@link ChorusClientException}. */
    <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            HttpResponse<T> r = clientFor(request.uri()).send(request, handler);
            if (r.statusCode() >= 400) {
                throw failure(r, errorBody(r.body()));
            }
            return r;
        } catch (IOException e) {
            String target = request.uri().toString().startsWith(baseUrl) ? "Chorus at " + baseUrl : request.uri().getHost();
            throw new ChorusClientException("cannot reach " + target + ": " + reason(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChorusClientException("interrupted while calling " + request.uri(), e);
        }
    }

    private HttpClient clientFor(URI uri) {
        if (!"https".equalsIgnoreCase(uri.getScheme())) {
            return plain;
        }
        HttpClient c = tls;
        if (c == null) {
            synchronized (this) {
                if (tls == null) {
                    tls = client(null);
                }
                c = tls;
            }
        }
        return c;
    }

    private static HttpClient client(SSLContext ssl) {
        HttpClient.Builder b = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL);
        return (ssl == null ? b : b.sslContext(ssl)).build();
    }

    /** Why a request got no answer, in words: the JDK leaves the message of a refused connection empty. */
    static String reason(IOException e) {
        if (e instanceof java.net.http.HttpConnectTimeoutException) {
            return "no answer within " + CONNECT_TIMEOUT.toSeconds() + " s (is the address right?)";
        }
        if (e instanceof java.net.http.HttpTimeoutException) {
            return "no answer within " + TIMEOUT.toSeconds() + " s";
        }
        if (e instanceof java.net.ConnectException) {
            return "connection refused (is the server running, and is this its address?)";
        }
        if (e instanceof java.net.UnknownHostException || e.getCause() instanceof java.nio.channels.UnresolvedAddressException) {
            return "unknown host";
        }
        return e.getMessage() != null && !e.getMessage().isBlank() ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static String errorBody(Object body) throws IOException {
        if (body instanceof String s) {
            return s;
        }
        if (body instanceof InputStream in) {
            try (in) {
                return new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
            }
        }
        return "";
    }

    private static ChorusClientException failure(HttpResponse<?> r, String body) {
        Object parsed;
        try {
            parsed = body.isBlank() ? null : JSON.std.anyFrom(body);
        } catch (IOException e) {
            parsed = null;
        }
        String message = body;
        String code = r.headers().firstValue("X-Error-Code").orElse(null);
        if (parsed instanceof Map<?, ?> m && m.get("error") != null) {
            message = m.get("error").toString();
        } else if (parsed instanceof Map<?, ?> m && m.get("error_code") != null) {
            // MLflow's shape
            message = m.get("message") + " (" + m.get("error_code") + ")";
            code = code != null ? code : m.get("error_code").toString();
        }
        return new ChorusClientException(r.statusCode(), code, "HTTP " + r.statusCode() + ": " + message);
    }
}
