package org.chorus.arena;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.chorus.core.ChorusException;
import org.junit.jupiter.api.Test;

class CompetitionSpecTest {
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private static CompetitionSpec named(String name) {
        return new CompetitionSpec(name, "Title", null, null, null, Metric.ACCURACY, 0, BoardMode.EXACT, 2, 30, 3, 2, false,
                null, List.of(new Phase("main", START, START.plus(Duration.ofDays(1)), 3)));
    }

    @Test
    void theCreatePagesNameIsNotACompetitionsName() {
        for (String taken : List.of("new", "NEW", "New")) {
            assertThatThrownBy(() -> named(taken)).isInstanceOf(ChorusException.class).hasMessageContaining("/competitions/new");
        }
        assertThat(named("newer").name()).isEqualTo("newer");
    }
}
