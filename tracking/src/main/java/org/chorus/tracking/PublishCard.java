package org.chorus.tracking;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The README.md of a published version: front matter the hub reads (base model as a fine-tune, library, tags) and
 * a body recording the registered version, its run, params and latest metrics.
 */
final class PublishCard {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));

    private PublishCard() {}

    static String render(ModelVersion version, String runSource, Run run, Experiment experiment) {
        Optional<String> base = lookup(run, "base_model");
        Map<String, Object> front = new LinkedHashMap<>();
        base.ifPresent(b -> {
            front.put("base_model", b);
            front.put("base_model_relation", "finetune");
        });
        lookup(run, "library_name").ifPresent(l -> front.put("library_name", l));
        front.put("tags", List.of("mlflow"));
        StringBuilder s = new StringBuilder("---\n").append(yaml(front)).append("---\n\n");
        s.append("# ").append(version.name()).append(" version ").append(version.version()).append("\n\n");
        s.append("Registered model `").append(version.name()).append("` version ").append(version.version())
                .append(", published from MLflow run `").append(run.info().runId()).append('`')
                .append(run.info().runName() == null ? "" : " (" + run.info().runName() + ")").append(" of experiment `").append(experiment.name()).append("` (id ").append(experiment.experimentId()).append(").\n\n");
        s.append("- run source: `").append(runSource).append("`\n");
        base.ifPresent(b -> s.append("- base model: ").append(b).append(" (fine-tuned)\n"));
        s.append("\n## Parameters\n\n| name | value |\n|---|---|\n");
        run.params().stream().sorted(Comparator.comparing(KeyValue::key))
                .forEach(p -> s.append("| ").append(cell(p.key())).append(" | ").append(cell(p.value())).append(" |\n"));
        s.append("\n## Metrics\n\nThe latest value of each metric.\n\n| name | value | step |\n|---|---|---|\n");
        run.metrics().stream().sorted(Comparator.comparing(Metric::key)).forEach(m -> s.append("| ").append(cell(m.key())).append(" | ")
                .append(m.value()).append(" | ").append(m.step()).append(" |\n"));
        return s.toString();
    }

    /** A run's param, else its tag, else its {@code chorus.}-prefixed tag. */
    private static Optional<String> lookup(Run run, String key) {
        return first(run.params(), key).or(() -> first(run.tags(), key)).or(() -> first(run.tags(), "chorus." + key));
    }

    private static Optional<String> first(List<KeyValue> values, String key) {
        return values.stream().filter(kv -> kv.key().equals(key) && kv.value() != null && !kv.value().isBlank())
                .map(kv -> kv.value().strip()).findFirst();
    }

    private static String yaml(Map<String, Object> front) {
        try {
            return YAML.writeValueAsString(front);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("strings and lists always serialize", e);
        }
    }

    /** A Markdown table cell: pipes escaped, line breaks flattened. */
    private static String cell(String text) {
        return text == null ? "" : text.replace("|", "\\|").replaceAll("[\\r\\n]+", " ");
    }
}
