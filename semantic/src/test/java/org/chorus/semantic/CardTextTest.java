package org.chorus.semantic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CardTextTest {
    @Test
    void nameTaskAndTagsComeFirstThenTheProseWithoutCodeOrMarkup() {
        var body = "# Model card\n\nTags **people** in [news](https://example.org/x).\n\n```python\nimport secret_stuff\n```\n| a | b |\n";
        assertThat(CardText.of("acme/bert-base_ner.v2", "token-classification", List.of("ner", "german"), body))
                .isEqualTo("acme bert base ner v2. token classification: labels words in a text, such as named entities (people, places, organisations) or parts of speech. ner, german. Model card Tags people in news . a b");
    }

    @Test
    void aTaskWithoutAGlossIsItsWords() {
        assertThat(CardText.of("acme/x", "any-to-any", null, null)).isEqualTo("acme x. any to any.");
    }

    @Test
    void missingTaskTagsAndBodyLeaveNoEmptyPieces() {
        assertThat(CardText.of("acme/x", null, List.of(), null)).isEqualTo("acme x.");
        assertThat(CardText.of("acme/x", " ", List.of(), "")).isEqualTo("acme x.");
    }

    @Test
    void anUnclosedCodeBlockIsDroppedToTheEnd() {
        assertThat(CardText.prose("before ```js\nlet x = 1;")).isEqualTo("before");
    }
}
