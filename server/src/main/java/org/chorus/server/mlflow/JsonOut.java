package org.chorus.server.mlflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import org.chorus.server.http.Json;

/**
 * Writes a response body as one byte array. Search pages run to megabytes; serialising them in one go is
 * much cheaper than Javalin's piped streaming, which hands the body between threads 1 KiB at a time.
 */
final class JsonOut {
    private static final ObjectMapper MAPPER = Json.MAPPER.copy().registerModule(RunJson.module());

    private JsonOut() {}

    static void json(Context ctx, Object body) {
        try {
            ctx.contentType("application/json").result(MAPPER.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a response", e);
        }
    }
}
