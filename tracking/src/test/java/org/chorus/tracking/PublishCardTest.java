package org.chorus.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The card's front matter survives hostile values, and its tables stay tables. */
class PublishCardTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static Run run(List<KeyValue> params, List<KeyValue> tags) {
        return new Run(new RunInfo("r1", null, "3", "alice", RunStatus.FINISHED, 1, 2L, "mlflow-artifacts:/3/r1/artifacts", LifecycleStage.ACTIVE),
                List.of(new Metric("f1|macro", 0.5, 1, 4)), params, tags, List.of());
    }

    private static ModelVersion version() {
        return new ModelVersion("m", 2, 1, 1, "alice", "None", null, "runs:/r1/model", "r1", null, "READY", null, Map.of(), List.of());
    }

    private static JsonNode frontMatter(String card) throws Exception {
        assertThat(card).startsWith("---\n");
        return YAML.readTree(card.substring(4, card.indexOf("\n---", 3) + 1));
    }

    @Test
    void frontMatterQuotesWhateverTheRunSays() throws Exception {
        String hostile = "alice/base\n---\nbase_model: evil/other # \"x\": y";
        String card = PublishCard.render(version(), "runs:/r1/model",
                run(List.of(new KeyValue("base_model", hostile), new KeyValue("note", "a|b\nc")), List.of()), new Experiment("3", "exp", "", LifecycleStage.ACTIVE, 0, 0, Map.of()));

        JsonNode front = frontMatter(card);
        assertThat(front.path("base_model").asText()).isEqualTo(hostile);
        assertThat(front.path("base_model_relation").asText()).isEqualTo("finetune");
        assertThat(card).contains("| note | a\\|b c |", "| f1\\|macro | 0.5 | 4 |").doesNotContain("(null)");
    }

    @Test
    void baseModelAndLibraryFallBackToTagsThenChorusTags() throws Exception {
        Experiment exp = new Experiment("3", "exp", "", LifecycleStage.ACTIVE, 0, 0, Map.of());
        JsonNode fromTag = frontMatter(PublishCard.render(version(), "s", run(List.of(),
                List.of(new KeyValue("chorus.base_model", "org/b"), new KeyValue("library_name", "timm"))), exp));
        JsonNode none = frontMatter(PublishCard.render(version(), "s", run(List.of(), List.of()), exp));

        assertThat(fromTag.path("base_model").asText()).isEqualTo("org/b");
        assertThat(fromTag.path("library_name").asText()).isEqualTo("timm");
        assertThat(none.has("base_model")).isFalse();
        assertThat(none.has("base_model_relation")).isFalse();
        assertThat(none.path("tags").get(0).asText()).isEqualTo("mlflow");
    }
}
