package org.chorus.server.web.arena;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.chorus.arena.ArenaReads;
import org.junit.jupiter.api.Test;

/** The history chart's geometry: 600 × 180 with an 8 px margin, time on x from the first point to the last, score on y. */
class ScoreChartTest {
    static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

    @Test
    void pointsAreScaledToTheTimeAndScoreRanges() {
        ScoreChart chart = ScoreChart.of(List.of(
                new ArenaReads.History("heads", List.of(new ArenaReads.Point(T0, 0.5), new ArenaReads.Point(T0.plusSeconds(10), 0.7))),
                new ArenaReads.History("tails", List.of(new ArenaReads.Point(T0.plusSeconds(5), 0.6)))));

        assertThat(chart.series()).extracting(ScoreChart.Series::team).containsExactly("heads", "tails");
        assertThat(chart.series()).extracting(ScoreChart.Series::cssClass).containsExactly("series-1", "series-2");
        assertThat(chart.series().get(0).points()).isEqualTo("8.0,172.0 592.0,8.0");
        assertThat(chart.series().get(1).points()).isEqualTo("300.0,90.0");
        assertThat(chart.series().get(1).dots().getFirst().label()).isEqualTo("tails, 2026-03-01T00:00:05Z: 0.60000");
        assertThat(chart.low()).isEqualTo(0.5);
        assertThat(chart.high()).isEqualTo(0.7);
    }

    @Test
    void aSinglePointSitsInTheMiddleAndNoPointsDrawNothing() {
        ScoreChart one = ScoreChart.of(List.of(new ArenaReads.History("heads", List.of(new ArenaReads.Point(T0, 0.25)))));
        ScoreChart none = ScoreChart.of(List.of(new ArenaReads.History("heads", List.of())));

        assertThat(one.series().getFirst().points()).isEqualTo("300.0,90.0");
        assertThat(none.series()).isEmpty();
    }
}
