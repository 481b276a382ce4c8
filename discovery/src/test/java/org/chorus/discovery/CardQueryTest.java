package org.chorus.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.hub.repos.RepoType;
import org.chorus.semantic.SearchMode;
import org.junit.jupiter.api.Test;

/** Every parameter of {@code /api/chorus/search} is checked where it enters: a bad one is a 400 with a message. */
class CardQueryTest {
    @Test
    void defaultsAreHybridOverBothKindsTwentyDeep() {
        assertThat(CardQuery.parse("translate German", null, null, null))
                .isEqualTo(new CardQuery("translate German", Optional.empty(), SearchMode.HYBRID, 20));
        assertThat(CardQuery.parse("what's a text-to-image model? (small!)", "dataset", "keyword", "100"))
                .isEqualTo(new CardQuery("what's a text-to-image model? (small!)", Optional.of(RepoType.DATASET), SearchMode.KEYWORD, 100));
    }

    @Test
    void refusesWhatItCannotAnswer() {
        invalid(null, null, null, null, "q is required");
        invalid("  ", null, null, null, "q is required");
        invalid("x".repeat(10_240), null, null, null, "at most 1000 characters");
        for (String syntax : new String[] {"name:bert", "bert*", "bert~2", "title^3", "[a TO z]", "{a TO z}", "\"phrase\"", "a && b", "a || b", "q\\"}) {
            invalid(syntax, null, null, null, "query syntax is not supported");
        }
        invalid("a\u0000b", null, null, null, "control characters");
        invalid("bert", "space", null, null, "type must be model or dataset");
        invalid("bert", "models", null, null, "type must be model or dataset");
        invalid("bert", null, "fuzzy", null, "mode must be keyword, semantic or hybrid");
        invalid("bert", null, null, "0", "limit must be between 1 and 100");
        invalid("bert", null, null, "101", "limit must be between 1 and 100");
        invalid("bert", null, null, "ten", "limit must be a whole number");
        invalid("bert", null, null, "99999999999", "limit must be a whole number");
    }

    private static void invalid(String q, String type, String mode, String limit, String message) {
        assertThatThrownBy(() -> CardQuery.parse(q, type, mode, limit)).as(String.valueOf(q))
                .isInstanceOfSatisfying(ChorusException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining(message);
    }
}
