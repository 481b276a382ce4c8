package org.chorus.semantic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NdcgTest {
    @Test
    void matchesAHandComputedExample() {
        // ranked: a (2), x (0), b (1); judged: a 2, b 1, c 2
        // DCG  = 3/log2(2) + 0 + 1/log2(4)            = 3 + 0.5            = 3.5
        // IDCG = 3/log2(2) + 3/log2(3) + 1/log2(4)    = 3 + 1.892789 + 0.5 = 5.392789
        var relevance = Map.of("a", 2, "b", 1, "c", 2);
        assertThat(Ndcg.at(10, List.of("a", "x", "b"), relevance)).isCloseTo(3.5 / 5.392789, within(1e-6));
    }

    @Test
    void theIdealRankingScoresOneAndOnlyTheTopKCount() {
        var relevance = Map.of("a", 2, "b", 1, "c", 2);
        assertThat(Ndcg.at(10, List.of("a", "c", "b"), relevance)).isCloseTo(1.0, within(1e-12));
        // at k = 1 only the first place counts: c (2) first is ideal, b (1) first is 1/3 of it
        assertThat(Ndcg.at(1, List.of("c", "x", "a"), relevance)).isCloseTo(1.0, within(1e-12));
        assertThat(Ndcg.at(1, List.of("b", "a", "c"), relevance)).isCloseTo(1.0 / 3, within(1e-12));
    }

    @Test
    void nothingRelevantScoresZero() {
        assertThat(Ndcg.at(10, List.of("x", "y"), Map.of("a", 2))).isZero();
    }
}
