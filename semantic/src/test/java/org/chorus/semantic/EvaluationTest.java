package org.chorus.semantic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Measures search quality on the evaluation set and prints the nDCG@10 table (docs/discovery.md shows it).
 * The goal (hybrid ≥ 0.8 and ≥ keyword + 0.1) is reported, not asserted: quality is measured, and a model or
 * data change that moves it is a finding to read, not a build to break.
 */
class EvaluationTest {
    @Test
    void printsTheNdcgTableOfEveryMode() throws Exception {
        var set = EvalSet.load();
        try (var embedder = Embedder.load(); var index = new EvalIndex(set, embedder, EvalSet.Card::embeddedText)) {
            var table = Evaluation.run(set, index, embedder, SemanticSearch.Fusion.DEFAULT);
            System.out.print(Evaluation.format(table));
            assertThat(table).containsKeys(SearchMode.values());
            for (var row : table.values()) assertThat(row.all()).isBetween(0.0, 1.0);
        }
    }
}
