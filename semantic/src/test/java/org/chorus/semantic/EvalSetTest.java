package org.chorus.semantic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The evaluation set is what the issue asks for and what the figures claim it is. */
class EvalSetTest {
    final EvalSet set = EvalSet.load();

    @Test
    void hasEnoughCardsCapabilitiesAndQueries() {
        assertThat(set.cards()).hasSizeGreaterThanOrEqualTo(300);
        assertThat(set.cards().stream().map(EvalSet.Card::id).distinct()).hasSameSizeAs(set.cards());
        assertThat(set.cards().stream().map(EvalSet.Card::capability).distinct().count()).isGreaterThanOrEqualTo(20);
        assertThat(set.cards().stream().map(EvalSet.Card::style).distinct().count()).isGreaterThanOrEqualTo(5);
        assertThat(set.queries()).hasSizeGreaterThanOrEqualTo(60);
        assertThat(set.queries().stream().filter(EvalSet.Query::tuning).count()).isEqualTo((set.queries().size() + 1) / 2);
    }

    @Test
    void everyQueryHasTenExactMatchesAndGradesOnlyRealCardsWithOneOrTwo() {
        var ids = set.cards().stream().map(EvalSet.Card::id).collect(Collectors.toSet());
        for (var q : set.queries()) {
            assertThat(ids).as(q.id()).containsAll(q.relevance().keySet());
            assertThat(q.relevance().values()).as(q.id()).allMatch(g -> g == 1 || g == 2);
            assertThat(q.relevance().values().stream().filter(g -> g == 2).count()).as(q.id()).isGreaterThanOrEqualTo(10);
        }
    }

    /** Queries are worded apart from the cards: none shares four consecutive words with any card's text. */
    @Test
    void noQueryCopiesAPhraseOfACard() {
        var cardGrams = new HashSet<String>();
        for (var card : set.cards()) cardGrams.addAll(grams(card.embeddedText() + " " + card.body()));
        for (var q : set.queries()) {
            assertThat(grams(q.text())).as(q.text()).doesNotContainAnyElementsOf(cardGrams);
        }
    }

    private static Set<String> grams(String text) {
        var words = text.toLowerCase(Locale.ROOT).split("[^a-z0-9']+");
        var grams = new HashSet<String>();
        for (int i = 0; i + 4 <= words.length; i++) grams.add(String.join(" ", java.util.Arrays.copyOfRange(words, i, i + 4)));
        return grams;
    }
}
