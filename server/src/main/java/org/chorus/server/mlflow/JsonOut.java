package org.chorus.server.mlflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.chorus.server.http.Json;

/**
 * Writes a response body as one byte array. Search pages run to megabytes; serialising them in one go is
 * much cheaper than Javalin's piped streaming, which hands the body between threads 1 KiB at a time.
 */
final class JsonOut {
    private static final ObjectMapper MAPPER = Json.MAPPER.copy().registerModule(RunJson.module());

    private JsonOut() {}

    static void json(Context ctx, Object body) {
        ctx.contentType("application/json").result(bytes(body));
    }

    static byte[] bytes(Object body) {
        try {
            return MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a response", e);
        }
    }

    /**
     * A page of items already encoded as JSON values, in {@link TrackingViews#page}'s shape: joined by copying,
     * since most of a search page's runs come encoded from the run cache.
     */
    static void page(Context ctx, String field, List<byte[]> items, String nextPageToken) {
        byte[] head = ("{\"" + field + "\":[").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("]" + (nextPageToken == null ? "" : ",\"next_page_token\":" + new String(bytes(nextPageToken), StandardCharsets.UTF_8)) + "}")
                .getBytes(StandardCharsets.UTF_8);
        int length = head.length + tail.length + Math.max(0, items.size() - 1);
        for (byte[] item : items) {
            length += item.length;
        }
        byte[] out = new byte[length];
        System.arraycopy(head, 0, out, 0, head.length);
        int at = head.length;
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                out[at++] = ',';
            }
            byte[] item = items.get(i);
            System.arraycopy(item, 0, out, at, item.length);
            at += item.length;
        }
        System.arraycopy(tail, 0, out, at, tail.length);
        ctx.contentType("application/json").result(out);
    }
}
