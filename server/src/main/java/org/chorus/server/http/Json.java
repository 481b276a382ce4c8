package org.chorus.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.http.Context;
import org.chorus.core.ChorusException;

/** One JSON mapper for the server, and request-body parsing that answers bad input with a 400 naming the problem. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Json() {}

    /** Reads the body as {@code type}; an empty, malformed or mistyped body is INVALID_ARGUMENT. */
    public static <T> T body(Context ctx, Class<T> type) {
        String body = ctx.body();
        if (body.isBlank()) {
            throw ChorusException.invalid("request body must be a JSON object");
        }
        try {
            T value = MAPPER.readValue(body, type);
            if (value == null) {
                throw ChorusException.invalid("request body must be a JSON object");
            }
            return value;
        } catch (MismatchedInputException e) {
            throw ChorusException.invalid("malformed JSON body: " + describe(e) + " " + e.getOriginalMessage().split("\n")[0]);
        } catch (JsonProcessingException e) {
            throw ChorusException.invalid("malformed JSON body at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        }
    }

    /** The body as a tree, for endpoints whose shape varies. */
    public static JsonNode tree(Context ctx) {
        return body(ctx, JsonNode.class);
    }

    private static String describe(MismatchedInputException e) {
        String path = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .reduce((a, b) -> a + "." + b).orElse("");
        return path.isEmpty() ? "" : "field '" + path + "':";
    }
}
