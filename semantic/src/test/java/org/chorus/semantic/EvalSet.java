package org.chorus.semantic;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** The evaluation set under src/test/resources/eval (written by its generate.py, described in docs/discovery.md). */
record EvalSet(List<Card> cards, List<Query> queries) {
    record Card(String id, String capability, String style, String pipeline_tag, String library_name, List<String> tags,
                String license, String language, String base_model, List<String> datasets, String body) {
        String embeddedText() {
            return CardText.of(id, pipeline_tag, tags, body);
        }
    }

    /** {@code relevance}: card id → 2 (this capability) or 1 (a related one); cards not listed are 0. */
    record Query(String id, String text, String capability, Map<String, Integer> relevance) {
        /** Half the queries tune the ranking, the other half report it: every other query of each capability. */
        boolean tuning() {
            return Integer.parseInt(id.substring(1)) % 2 == 1;
        }
    }

    static EvalSet load() {
        return new EvalSet(read("cards.jsonl", Card.class), read("queries.jsonl", Query.class));
    }

    private static <T> List<T> read(String name, Class<T> type) {
        var mapper = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
        try (var in = EvalSet.class.getResourceAsStream("/eval/" + name);
             var lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return lines.lines().map(line -> {
                try {
                    return mapper.readValue(line, type);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
