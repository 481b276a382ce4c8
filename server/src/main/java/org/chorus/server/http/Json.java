package org.chorus.server.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.http.Context;
import org.chorus.core.ChorusException;

/** One JSON mapper for the server, and request-body parsing that answers bad input with a 400 naming the problem. */
public final class Json {
    /**
     * What any request body may hold, for every parser of client JSON. No request Chorus takes nests more than a few
     * levels, and code walking a tree recurses once per level; a string is at most a regular file's content in
     * base64 (NDJSON commits: files under 10 MiB, 13.4 MiB encoded); no number needs more than a few dozen digits.
     */
    public static final StreamReadConstraints READ_LIMITS = StreamReadConstraints.builder()
            .maxNestingDepth(100)
            .maxStringLength(16 << 20)
            .maxNumberLength(100)
            .build();

    public static final ObjectMapper MAPPER = JsonMapper.builder(factory().build())
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Json() {}

    /** A factory builder with {@link #READ_LIMITS}, for parsers that need other features too. */
    public static JsonFactoryBuilder factory() {
        return (JsonFactoryBuilder) JsonFactory.builder().streamReadConstraints(READ_LIMITS);
    }

    /**
     * Reads the body as {@code type}; an empty, malformed or mistyped body is INVALID_ARGUMENT. Parsed from the bytes,
     * so that bytes that are not UTF-8 are refused rather than replaced.
     */
    public static <T> T body(Context ctx, Class<T> type) {
        byte[] body = ctx.bodyAsBytes();
        if (blank(body)) {
            throw ChorusException.invalid("request body must be a JSON object");
        }
        try {
            T value = MAPPER.readValue(body, type);
            if (value == null) {
                throw ChorusException.invalid("request body must be a JSON object");
            }
            return value;
        } catch (MismatchedInputException e) {
            throw ChorusException.invalid("malformed JSON body: " + describe(e) + " " + firstLine(e));
        } catch (JsonProcessingException e) {
            throw malformed("malformed JSON body", e);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e); // a byte array cannot fail to read
        }
    }

    /** Whether a body holds nothing but JSON whitespace. */
    public static boolean blank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    /** The body as a tree, for endpoints whose shape varies; anything but a JSON object is INVALID_ARGUMENT. */
    public static JsonNode tree(Context ctx) {
        JsonNode node = body(ctx, JsonNode.class);
        if (!node.isObject()) {
            throw ChorusException.invalid("request body must be a JSON object");
        }
        return node;
    }

    /**
     * INVALID_ARGUMENT for JSON that did not parse: {@code what}, where (when the parser knows: a limit of
     * {@link #READ_LIMITS} is reported without a location) and the parser's own first line.
     */
    public static ChorusException malformed(String what, JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String where = at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return ChorusException.invalid(what + where + ": " + firstLine(e));
    }

    private static String firstLine(JsonProcessingException e) {
        String m = e.getOriginalMessage();
        return m == null ? e.getClass().getSimpleName() : m.split("\n")[0];
    }

    private static String describe(MismatchedInputException e) {
        String path = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .reduce((a, b) -> a + "." + b).orElse("");
        return path.isEmpty() ? "" : "field '" + path + "':";
    }
}
