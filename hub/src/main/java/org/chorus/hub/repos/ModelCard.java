package org.chorus.hub.repos;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.chorus.core.NulText;

/**
 * The YAML front matter of a README.md and what the hub derives from it: tags, pipeline tag, library and
 * lineage. A missing or malformed front matter gives an empty card, never an error.
 */
record ModelCard(Map<String, Object> data, List<String> baseModels, String relation) {
    static final Set<String> RELATIONS = Set.of("adapter", "finetune", "quantized", "merge");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** What the tree holds that lets the relation be inferred when the card does not say. */
    record TreeHints(boolean adapterConfig, boolean quantized) {}

    static ModelCard parse(String readme, TreeHints hints) {
        Map<String, Object> data = frontMatter(readme);
        List<String> bases = strings(data == null ? null : data.get("base_model"));
        String relation = data == null ? null : string(data.get("base_model_relation"));
        if (relation == null || !RELATIONS.contains(relation)) {
            relation = bases.isEmpty() ? null
                    : hints.adapterConfig() ? "adapter"
                    : hints.quantized() ? "quantized"
                    : bases.size() > 1 ? "merge"
                    : "finetune";
        }
        return new ModelCard(data, bases, relation);
    }

    static Map<String, Object> frontMatter(String readme) {
        if (readme == null) {
            return null;
        }
        String text = readme.replace("\r\n", "\n");
        if (!text.startsWith("---\n")) {
            return null;
        }
        int end = text.indexOf("\n---", 3);
        if (end < 0) {
            return null;
        }
        try {
            Map<String, Object> m = YAML.readValue(text.substring(4, end + 1), new TypeReference<Map<String, Object>>() {});
            @SuppressWarnings("unchecked")
            Map<String, Object> clean = (Map<String, Object>) withoutNul(m);
            return clean;
        } catch (Exception e) {
            return null;
        }
    }

    /**
     * The value with U+0000 taken out of every string, keys included: YAML's {@code "\0"} escape makes one, and
     * PostgreSQL's text cannot hold it (the card refresh failed on every commit). The card is derived data, so its
     * values are cleaned rather than the commit refused ({@link NulText}).
     */
    private static Object withoutNul(Object value) {
        return switch (value) {
            case String s -> NulText.strip(s);
            case Map<?, ?> map -> {
                Map<Object, Object> out = new LinkedHashMap<>();
                map.forEach((k, v) -> out.put(withoutNul(k), withoutNul(v)));
                yield out;
            }
            case List<?> list -> {
                List<Object> out = new ArrayList<>(list.size());
                list.forEach(v -> out.add(withoutNul(v)));
                yield out;
            }
            case null, default -> value;
        };
    }

    /** The README after its front matter, at most {@code max} characters (cut before a lone surrogate half). */
    static String body(String readme, int max) {
        String text = readme.replace("\r\n", "\n");
        if (text.startsWith("---\n")) {
            int end = text.indexOf("\n---", 3);
            if (end >= 0) {
                int next = text.indexOf('\n', end + 4);
                text = next < 0 ? "" : text.substring(next + 1);
            }
        }
        if (text.length() > max) {
            text = text.substring(0, Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max);
        }
        return text;
    }

    String pipelineTag() {
        return data == null ? null : string(data.get("pipeline_tag"));
    }

    String libraryName() {
        return data == null ? null : string(data.get("library_name"));
    }

    /** Card tags, then the Hub's derived ones: library, license, datasets, base models. */
    List<String> tags() {
        Set<String> tags = new LinkedHashSet<>();
        if (data != null) {
            tags.addAll(strings(data.get("tags")));
            if (libraryName() != null) {
                tags.add(libraryName());
            }
            if (pipelineTag() != null) {
                tags.add(pipelineTag());
            }
            strings(data.get("license")).forEach(l -> tags.add("license:" + l));
            tags.addAll(languages());
            strings(data.get("datasets")).forEach(d -> tags.add("dataset:" + d));
        }
        for (String base : baseModels) {
            tags.add("base_model:" + base);
            tags.add("base_model:" + relation + ":" + base);
        }
        tags.removeIf(t -> t.isBlank() || t.contains("\t") || t.length() > 200);
        return List.copyOf(tags);
    }

    /** The card's {@code language} codes, which the Hub also lists as bare tags ({@code en}). */
    List<String> languages() {
        return data == null ? List.of() : strings(data.get("language"));
    }

    private static String string(Object o) {
        return o instanceof String s && !s.isBlank() ? s.strip() : null;
    }

    static List<String> strings(Object o) {
        List<String> out = new ArrayList<>();
        if (o instanceof String s && !s.isBlank()) {
            out.add(s.strip());
        } else if (o instanceof List<?> list) {
            for (Object e : list) {
                if (e instanceof String s && !s.isBlank()) {
                    out.add(s.strip());
                }
            }
        }
        return out;
    }
}
