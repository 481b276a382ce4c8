package org.chorus.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import org.chorus.server.http.Json;

/**
 * Generators and the one property of the HTTP fuzz tests: whatever a client sends, the server answers before a
 * timeout with a status below 500 (a 5xx means a bug; 507, a full disk, cannot happen here).
 */
public final class FuzzInputs {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    /** Field names the routes read, so random objects reach past the first "missing field" check. */
    private static final List<String> FIELDS = List.of("name", "organization", "type", "private", "visibility", "operation", "transfers",
            "objects", "oid", "size", "hash_algo", "ref", "key", "value", "summary", "parentCommit", "path", "content", "encoding", "algo",
            "paths", "expand", "files", "sample", "gitAttributes", "experiment_id", "experiment_ids", "run_id", "run_uuid", "metrics",
            "params", "tags", "timestamp", "step", "filter", "max_results", "order_by", "page_token", "artifact_location", "start_time",
            "end_time", "run_name", "status", "view_type", "source", "description", "version", "stage", "new_name", "dataset", "datasets",
            "inputs", "model_id", "aliases", "alias", "permission", "username");

    private FuzzInputs() {}

    /** JSON values up to depth 4 over the routes' field names, scalars at their edges (huge numbers, NaN, odd text). */
    public static Arbitrary<JsonNode> jsonValues() {
        Arbitrary<JsonNode> scalar = Arbitraries.oneOf(
                text().map(NODES::textNode),
                Arbitraries.longs().map(NODES::numberNode),
                Arbitraries.of(Long.MAX_VALUE, Long.MIN_VALUE, 0L, -1L, 9_000_000_000_000_000_000L).map(NODES::numberNode),
                Arbitraries.doubles().map(NODES::numberNode),
                Arbitraries.of(new java.math.BigInteger("9".repeat(40)), java.math.BigInteger.TWO.pow(64)).map(NODES::numberNode),
                Arbitraries.of(true, false).map(NODES::booleanNode),
                Arbitraries.just(NODES.nullNode()));
        return Arbitraries.recursive(() -> scalar, FuzzInputs::containerOf, 0, 4);
    }

    private static Arbitrary<JsonNode> containerOf(Arbitrary<JsonNode> inner) {
        Arbitrary<String> key = Arbitraries.oneOf(Arbitraries.of(FIELDS), text());
        Arbitrary<JsonNode> object = Arbitraries.maps(key, inner).ofMaxSize(6).map(m -> {
            ObjectNode o = NODES.objectNode();
            m.forEach(o::set);
            return o;
        });
        Arbitrary<JsonNode> array = inner.list().ofMaxSize(5).map(l -> {
            ArrayNode a = NODES.arrayNode();
            l.forEach(a::add);
            return a;
        });
        return Arbitraries.oneOf(object, array);
    }

    /** Text a client might send: short random strings, control and bidi characters, paths with dot segments, long runs. */
    public static Arbitrary<String> text() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(12),
                Arbitraries.strings().all().ofMaxLength(8),
                Arbitraries.of("", " ", "main", "refs/heads/main", "../../etc/passwd", ".git/config", "a/./b", "\u0000", "\u202E", "%00",
                        "sha256", "basic", "multipart", "xet", "upload", "download", "model", "dataset", "alice", "alice/m", "x".repeat(300),
                        "NaN", "Infinity", "1e999", "-0", "true", "a".repeat(64), "0".repeat(64)));
    }

    /** Request bodies: JSON values as text, the same with one character changed or cut, lines of them (NDJSON), nesting. */
    public static Arbitrary<String> bodies() {
        Arbitrary<String> json = jsonValues().map(FuzzInputs::write);
        Arbitrary<String> damaged = Combinators.combine(json, Arbitraries.integers().between(0, 10_000), Arbitraries.chars())
                .as((s, at, c) -> s.isEmpty() ? String.valueOf(c) : s.substring(0, at % s.length()) + c + s.substring(at % s.length() + 1));
        Arbitrary<String> cut = Combinators.combine(json, Arbitraries.integers().between(0, 10_000))
                .as((s, at) -> s.substring(0, at % (s.length() + 1)));
        Arbitrary<String> lines = json.list().ofMinSize(1).ofMaxSize(4).map(l -> String.join("\n", l));
        Arbitrary<String> nested = Arbitraries.integers().between(1, 3_000).map(n -> "[".repeat(n) + "]".repeat(n));
        return Arbitraries.frequencyOf(Tuple.of(6, json), Tuple.of(2, damaged), Tuple.of(1, cut), Tuple.of(3, lines), Tuple.of(1, nested),
                Tuple.of(1, Arbitraries.strings().ofMaxLength(40)));
    }

    /** URL path segments, percent-encoded so that the URL is valid: dot segments, encoded slashes and NULs, long ones. */
    public static Arbitrary<String> segments() {
        return Arbitraries.oneOf(Arbitraries.of("alice", "m", "main", "resolve", "tree", "raw", "api", "models", "datasets", "spaces",
                        "revision", "paths-info", "commit", "commits", "refs", "info", "lfs", "objects", "batch", "m.git", "..", ".", "%2e%2e",
                        "%00", "%2F", "%2f..%2f", "%E2%80%AE", "%C0%AF", "%ff", "config.json", "a%20b", "x".repeat(300), "~", "@", ":"),
                text().map(s -> URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20")));
    }

    public static String write(Object n) {
        try {
            return Json.MAPPER.writeValueAsString(n);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends the request and asserts the property: an answer within 10 s, below 500. */
    public static void assertClientErrorAtWorst(ServerFixture server, String method, String path, String token, Map<String, String> headers,
                                                String body) {
        HttpRequest.Builder b;
        try {
            b = HttpRequest.newBuilder(URI.create(server.url() + path)).timeout(Duration.ofSeconds(10))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        } catch (IllegalArgumentException e) {
            return; // not a URL any client could send
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        headers.forEach(b::header);
        HttpResponse<String> r;
        try {
            r = sendOnce(b.build());
        } catch (IOException first) {
            // the client's pooled connection may have been closed by the server after an earlier answer (it does that
            // when a refused request's body was left unread); HttpClient retries only idempotent methods by itself
            try {
                r = sendOnce(b.build());
            } catch (IOException e) {
                throw new AssertionError(method + " " + path + " failed twice: " + e, e);
            }
        }
        assertThat(r.statusCode()).as("%s %s with %s answered %s", method, path, abbreviate(body), abbreviate(r.body())).isLessThan(500);
    }

    private static HttpResponse<String> sendOnce(HttpRequest request) throws IOException {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new AssertionError(request.method() + " " + request.uri() + " got no answer within 10 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String abbreviate(String s) {
        return s == null ? "no body" : s.length() > 300 ? s.substring(0, 300) + "…(" + s.length() + " chars)" : s;
    }
}
