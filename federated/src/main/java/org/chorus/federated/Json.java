package org.chorus.federated;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/** JSON for the few structured columns (task spec, round metrics, node properties). */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static TaskSpec spec(String json) {
        try {
            return MAPPER.readValue(json, TaskSpec.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored task spec is not readable: " + e.getMessage(), e);
        }
    }

    static Map<String, Double> metrics(String json) {
        try {
            return MAPPER.readValue(json, new TypeReference<Map<String, Double>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A round's stored outcomes; none for rows written before they were recorded (V27). */
    static java.util.List<RoundOutcomes.NodeOutcome> outcomes(String json) {
        if (json == null) {
            return java.util.List.of();
        }
        try {
            return MAPPER.readValue(json, new TypeReference<java.util.List<RoundOutcomes.NodeOutcome>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, String> strings(String json) {
        try {
            return MAPPER.readValue(json, new TypeReference<Map<String, String>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
