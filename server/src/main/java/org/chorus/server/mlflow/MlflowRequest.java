package org.chorus.server.mlflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.List;
import org.chorus.core.ChorusException;
import org.chorus.core.NulText;
import org.chorus.server.http.Json;

/**
 * One MLflow request's fields, from the JSON body (POST, PATCH, DELETE) or the query string (GET), read
 * the way protobuf's JSON mapping reads them: int64 as a number or a string, doubles also as "NaN" or
 * "Infinity", repeated fields as arrays or repeated query parameters.
 */
final class MlflowRequest {
    static final JsonMapper MAPPER = JsonMapper.builder(Json.factory().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final Context ctx;
    private final JsonNode body;

    private MlflowRequest(Context ctx, JsonNode body) {
        this.ctx = ctx;
        this.body = body;
    }

    static MlflowRequest of(Context ctx) {
        byte[] bytes = ctx.method() == HandlerType.GET ? new byte[0] : ctx.bodyAsBytes();
        boolean blank = Json.blank(bytes);
        if (ctx.method() == HandlerType.GET || (ctx.method() == HandlerType.DELETE && blank)) {
            ctx.queryParamMap().forEach((name, values) -> {
                NulText.require(name, name);
                values.forEach(v -> NulText.require(name, v));
            });
            return new MlflowRequest(ctx, null);
        }
        if (blank) {
            return new MlflowRequest(ctx, JsonNodeFactory.instance.objectNode());
        }
        try {
            // From the bytes: Jackson's UTF-8 parser, without first decoding the body into a String (log-batch of
            // 500 metrics spent a fifth of its CPU in parsing).
            JsonNode node = MAPPER.readTree(bytes);
            if (!(node instanceof ObjectNode)) {
                throw ChorusException.invalid("Malformed request body: expected a JSON object");
            }
            if (escapesNul(bytes)) {
                refuseNul("", node);
            }
            return new MlflowRequest(ctx, node);
        } catch (JsonProcessingException e) {
            throw Json.malformed("Malformed request body", e);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e); // a byte array cannot fail to read
        }
    }

    /**
     * Whether the body may hold a NUL: JSON can only carry one as the escape {@code \u0000} (Jackson refuses a raw
     * control character in a string), so the tree is walked only when the bytes hold that escape.
     */
    private static boolean escapesNul(byte[] bytes) {
        outer:
        for (int i = 0; i + 6 <= bytes.length; i++) {
            if (bytes[i] == '\\' && bytes[i + 1] == 'u') {
                for (int j = 2; j < 6; j++) {
                    if (bytes[i + j] != '0') {
                        continue outer;
                    }
                }
                return true;
            }
        }
        return false;
    }

    /** Every string of the body, names and values at any depth, under {@link NulText}'s rule, named by its path. */
    private static void refuseNul(String path, JsonNode node) {
        if (node.isTextual()) {
            NulText.require(path, node.textValue());
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                refuseNul(path + "[" + i + "]", node.get(i));
            }
        } else if (node.isObject()) {
            for (var field : node.properties()) {
                String name = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                NulText.require(name, field.getKey());
                refuseNul(name, field.getValue());
            }
        }
    }

    JsonNode node(String name) {
        return body == null ? null : body.get(name);
    }

    String string(String name) {
        if (body == null) {
            return ctx.queryParam(name);
        }
        JsonNode n = body.get(name);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isValueNode()) {
            throw ChorusException.invalid("Invalid value for parameter '" + name + "': expected a string");
        }
        return n.asText();
    }

    String required(String name) {
        String v = string(name);
        if (v == null || v.isEmpty()) {
            throw missing(name);
        }
        return v;
    }

    static ChorusException missing(String name) {
        return ChorusException.invalid("Missing value for required parameter '" + name
                + "'. See the API docs for more information about request parameters.");
    }

    /** A bool as protobuf JSON writes it (or its string form); false when absent. */
    boolean bool(String name) {
        String v = string(name);
        if (v == null || v.isEmpty() || v.equalsIgnoreCase("false")) {
            return false;
        }
        if (v.equalsIgnoreCase("true")) {
            return true;
        }
        throw ChorusException.invalid("Invalid value \"" + v + "\" for parameter '" + name + "' supplied: expected true or false");
    }

    /** An int64 field; null when absent or empty (a query parameter {@code ?max_results=} reads as unset). */
    Long int64(String name) {
        if (body == null) {
            String v = ctx.queryParam(name);
            return v == null || v.isEmpty() ? null : parseLong(name, v);
        }
        JsonNode n = body.get(name);
        return n != null && n.isTextual() && n.asText().isEmpty() ? null : toLong(name, n);
    }

    int int32(String name, int fallback) {
        return narrow(name, int64(name), fallback);
    }

    List<String> strings(String name) {
        if (body == null) {
            return ctx.queryParams(name);
        }
        JsonNode n = body.get(name);
        List<String> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isArray()) {
            throw ChorusException.invalid("Invalid value for parameter '" + name + "': expected an array of strings");
        }
        n.forEach(e -> out.add(e.asText()));
        return out;
    }

    Iterable<JsonNode> array(String name) {
        JsonNode n = node(name);
        if (n == null || n.isNull()) {
            return List.of();
        }
        if (!n.isArray()) {
            throw ChorusException.invalid("Invalid value for parameter '" + name + "': expected an array");
        }
        return n;
    }

    /** A double as protobuf JSON writes it: a number, or "NaN", "Infinity", "-Infinity", or a numeric string. */
    static double toDouble(String field, JsonNode n) {
        if (n == null || n.isNull()) {
            throw missing(field);
        }
        if (n.isNumber()) {
            return n.asDouble();
        }
        if (n.isTextual()) {
            String t = n.asText();
            switch (t) {
                case "NaN": return Double.NaN;
                case "Infinity", "inf": return Double.POSITIVE_INFINITY;
                case "-Infinity", "-inf": return Double.NEGATIVE_INFINITY;
                default:
                    try {
                        return Double.parseDouble(t);
                    } catch (NumberFormatException e) {
                        break;
                    }
            }
        }
        throw ChorusException.invalid("Invalid value " + n + " for parameter '" + field + "' supplied: expected a number");
    }

    static long toLong(String field, JsonNode n, long fallback) {
        Long v = toLong(field, n);
        return v == null ? fallback : v;
    }

    static int toInt(String field, JsonNode n, int fallback) {
        return narrow(field, toLong(field, n), fallback);
    }

    /**
     * An int64 as protobuf's JSON mapping takes it, the one place every integer field of a body is read: a JSON integer
     * or a string of one, within int64 (null when absent). Jackson reads a larger integer as a BigInteger, whose
     * {@code asLong()} wraps ({@code 18446744073709551617} was stored as 1), and a fraction or an exponent ({@code 1.5},
     * {@code 1e3}) as a double: both are refused, as the same text in a string is.
     */
    static Long toLong(String field, JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isTextual()) {
            return parseLong(field, n.asText());
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw notAnInt64(field, n.toString());
        }
        return n.longValue();
    }

    private static long parseLong(String field, String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw notAnInt64(field, "\"" + text + "\"");
        }
    }

    private static ChorusException notAnInt64(String field, String shown) {
        return ChorusException.invalid("Invalid value " + shown + " for parameter '" + field
                + "' supplied: expected an integer from -9223372036854775808 to 9223372036854775807");
    }

    /** An int32 field: an int64 that must also fit an int, never cut to one. */
    private static int narrow(String field, Long v, int fallback) {
        if (v == null) {
            return fallback;
        }
        if (v != v.intValue()) {
            throw ChorusException.invalid("Invalid value " + v + " for parameter '" + field + "' supplied: out of range");
        }
        return v.intValue();
    }
}
