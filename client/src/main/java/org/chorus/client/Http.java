package org.chorus.client;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * HTTP for the SDK, with the server's error shape turned into {@link ChorusClientException}. Short JSON calls go
 * through {@link HttpURLConnection} ({@link #call}); transfers (LFS parts, Xet, downloads) through the JDK's
 * HttpClient ({@link #exchange}), built on first use. The HttpURLConnection path is what makes a short command
 * short: its first request costs a fraction of the HttpClient's, whose selector and worker threads also wait longest
 * for a core on a loaded machine (docs/design-notes.md, Command line).
 */
final class Http {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final String REDIRECTED = "the server redirected to https:// (use its https:// address)";

    /**
     * For transfers: plain-HTTP requests go through a client without TLS ({@link NoTls}), because the JDK's HttpClient
     * asks for a TLS context when it is built and any real one loads the security providers (and the default one
     * parses every trusted certificate). https:// requests get a client with the default context. Both are built on
     * first use. (A plain-HTTP server that redirects to https:// therefore fails: use its https:// address.)
     */
    private HttpClient plain;
    private HttpClient tls;
    private final String baseUrl;
    private final String token;

    Http(String baseUrl, String token) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.token = token;
    }

    String baseUrl() {
        return baseUrl;
    }

    /** Absolute URLs (LFS upload links, pagination) authenticate themselves; server paths carry the token. */
    private static boolean absolute(String pathOrUrl) {
        return pathOrUrl.startsWith("http://") || pathOrUrl.startsWith("https://");
    }

    /**
     * A request to a server path, or to an absolute URL the server handed out. Only server paths carry the
     * token: absolute URLs (LFS upload links) authenticate themselves and must not leak it elsewhere.
     */
    HttpRequest.Builder request(String pathOrUrl) {
        boolean absolute = absolute(pathOrUrl);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(absolute ? pathOrUrl : baseUrl + pathOrUrl));
        if (!absolute && token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    /** A short call's answer: the body as text and the {@code Link} header (pagination), if any. */
    record Reply(String body, String link) {}

    /** Sends a JSON body (null for none) and returns the parsed JSON answer, or null for an empty one. */
    Object send(String method, String path, Object body) {
        try {
            byte[] bytes = body == null ? null : JSON.std.asBytes(body);
            return parse(call(method, path, "application/json", bytes).body());
        } catch (IOException e) {
            throw new ChorusClientException("cannot encode the request body: " + e.getMessage(), e);
        }
    }

    /**
     * One short request over {@link HttpURLConnection}: {@code body} (null for none) sent as {@code contentType}, the
     * answer read whole. A status of 400 or more becomes a {@link ChorusClientException}, as does a redirect the
     * connection does not follow (http:// to https://).
     */
    Reply call(String method, String pathOrUrl, String contentType, byte[] body) {
        return call(method, pathOrUrl, contentType, body, Map.of());
    }

    /** {@link #call(String, String, String, byte[])} with extra request headers (a scoring worker's lease). */
    Reply call(String method, String pathOrUrl, String contentType, byte[] body, Map<String, String> headers) {
        String url = absolute(pathOrUrl) ? pathOrUrl : baseUrl + pathOrUrl;
        HttpURLConnection c;
        try {
            c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        } catch (IOException | IllegalArgumentException e) {
            throw new ChorusClientException("not a usable address: " + url + " (" + e.getMessage() + ")", e);
        }
        try {
            c.setRequestMethod(method);
            c.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
            c.setReadTimeout((int) TIMEOUT.toMillis());
            c.setRequestProperty("Accept", "application/json");
            if (!absolute(pathOrUrl) && token != null) {
                c.setRequestProperty("Authorization", "Bearer " + token);
            }
            headers.forEach(c::setRequestProperty);
            // a POST or PUT without a body still says so (Content-Length: 0), as the HttpClient did
            byte[] sent = body != null || method.equals("GET") || method.equals("DELETE") ? body : new byte[0];
            if (sent != null) {
                c.setDoOutput(true);
                c.setFixedLengthStreamingMode(sent.length);
                if (body != null) {
                    c.setRequestProperty("Content-Type", contentType);
                }
            }
            try {
                c.connect();
            } catch (SocketTimeoutException e) {
                throw new ChorusClientException("cannot reach " + target(url) + ": no answer within "
                        + CONNECT_TIMEOUT.toSeconds() + " s (is the address right?)", e);
            }
            if (sent != null) {
                try (OutputStream out = c.getOutputStream()) {
                    out.write(sent);
                }
            }
            int status = c.getResponseCode();
            if (status >= 300 && status < 400) {
                String location = c.getHeaderField("Location");
                throw new ChorusClientException(status, null, location != null && location.startsWith("https://")
                        ? REDIRECTED : "HTTP " + status + ": the server redirected to " + location);
            }
            InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
            String text = "";
            if (in != null) {
                try (in) {
                    text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            if (status >= 400) {
                throw failure(status, c.getHeaderField("X-Error-Code"), text);
            }
            return new Reply(text, c.getHeaderField("Link"));
        } catch (IOException e) {
            throw new ChorusClientException("cannot reach " + target(url) + ": " + reason(e), e);
        }
    }

    private String target(String url) {
        return url.startsWith(baseUrl) ? "Chorus at " + baseUrl : URI.create(url).getHost();
    }

    /** {@code o} (maps, lists, strings, numbers) as JSON text. */
    static String json(Object o) {
        try {
            return JSON.std.asString(o);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
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
                throw failure(r.statusCode(), r.headers().firstValue("X-Error-Code").orElse(null), errorBody(r.body()));
            }
            return r;
        } catch (IOException e) {
            throw new ChorusClientException("cannot reach " + target(request.uri().toString()) + ": " + reason(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChorusClientException("interrupted while calling " + request.uri(), e);
        }
    }

    private synchronized HttpClient clientFor(URI uri) {
        if (!"https".equalsIgnoreCase(uri.getScheme())) {
            if (plain == null) {
                plain = client(NoTls.CONTEXT);
            }
            return plain;
        }
        if (tls == null) {
            tls = client(null);
        }
        return tls;
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
        if (e instanceof java.net.http.HttpTimeoutException || e instanceof SocketTimeoutException) {
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

    private static ChorusClientException failure(int status, String code, String body) {
        Object parsed;
        try {
            parsed = body.isBlank() ? null : JSON.std.anyFrom(body);
        } catch (IOException e) {
            parsed = null;
        }
        String message = body;
        if (parsed instanceof Map<?, ?> m && m.get("error") != null) {
            message = m.get("error").toString();
        } else if (parsed instanceof Map<?, ?> m && m.get("error_code") != null) {
            // MLflow's shape
            message = m.get("message") + " (" + m.get("error_code") + ")";
            code = code != null ? code : m.get("error_code").toString();
        }
        return new ChorusClientException(status, code, "HTTP " + status + ": " + message);
    }
}
