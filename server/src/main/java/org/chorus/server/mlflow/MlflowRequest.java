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
            return new MlflowRequest(ctx, node);
        } catch (JsonProcessingException e) {
            throw Json.malformed("Malformed request body", e);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e); // a byte array cannot fail to read
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

    Long int64(String name) {
        String v = body == null ? ctx.queryParam(name) : null;
        JsonNode n = body == null ? null : body.get(name);
        if (n != null && n.isIntegralNumber()) {
            return n.asLong();
        }
        if (n != null && n.isTextual()) {
            v = n.asText();
        } else if (n != null && !n.isNull()) {
            throw ChorusException.invalid("Invalid value " + n + " for parameter '" + name + "' supplied: expected an integer");
        }
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw ChorusException.invalid("Invalid value \"" + v + "\" for parameter '" + name + "' supplied: expected an integer");
        }
    }

    int int32(String name, int fallback) {
        Long v = int64(name);
        if (v == null) {
            return fallback;
        }
        if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
            throw ChorusException.invalid("Invalid value " + v + " for parameter '" + name + "' supplied: out of range");
        }
        return v.intValue();
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
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (n.isIntegralNumber()) {
            return n.asLong();
        }
        try {
            return Long.parseLong(n.asText());
        } catch (NumberFormatException e) {
            throw ChorusException.invalid("Invalid value " + n + " for parameter '" + field + "' supplied: expected an integer");
        }
    }
}
