package org.chorus.server.web.explore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.chorus.server.web.explore.Squarify.Rect;
import org.junit.jupiter.api.Test;

class SquarifyTest {
    private static final double EPS = 1e-6;

    @Test
    void equalValuesInASquareAreFourSquares() {
        List<Rect> tiles = Squarify.layout(List.of(1.0, 1.0, 1.0, 1.0), new Rect(0, 0, 100, 100));
        assertThat(tiles).containsExactly(new Rect(0, 0, 50, 50), new Rect(0, 50, 50, 50), new Rect(50, 0, 50, 50), new Rect(50, 50, 50, 50));
    }

    /** The paper's example: 6 and 6 share the first column of a 6 × 4 area (worst aspect 3/2; adding the 4 would make it 4). */
    @Test
    void thePapersExampleStartsWithAColumnOfTheTwoSixes() {
        List<Rect> tiles = Squarify.layout(List.of(6.0, 6.0, 4.0, 3.0, 2.0, 2.0, 1.0), new Rect(0, 0, 6, 4));
        assertThat(tiles.get(0)).isEqualTo(new Rect(0, 0, 3, 2));
        assertThat(tiles.get(1)).isEqualTo(new Rect(0, 2, 3, 2));
        assertThat(tiles.get(2).x()).isEqualTo(3.0);
        assertTiles(List.of(6.0, 6.0, 4.0, 3.0, 2.0, 2.0, 1.0), new Rect(0, 0, 6, 4), tiles);
    }

    @Test
    void tilesCoverTheAreaInProportionWithoutOverlapForFixedRandomValues() {
        SplittableRandom random = new SplittableRandom(17);
        for (int run = 0; run < 200; run++) {
            int n = 1 + random.nextInt(40);
            List<Double> values = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                values.add(random.nextInt(5) == 0 ? 0.0 : Math.pow(10, random.nextDouble() * 4));
            }
            values.sort(Comparator.reverseOrder());
            Rect area = new Rect(random.nextInt(50), random.nextInt(50), 1 + random.nextInt(1200), 1 + random.nextInt(600));
            assertTiles(values, area, Squarify.layout(values, area));
        }
    }

    @Test
    void nothingToShowGivesEmptyTiles() {
        assertThat(Squarify.layout(List.of(0.0, 0.0), new Rect(5, 5, 10, 10))).containsExactly(new Rect(5, 5, 0, 0), new Rect(5, 5, 0, 0));
        assertThat(Squarify.layout(List.of(), new Rect(0, 0, 10, 10))).isEmpty();
    }

    private static void assertTiles(List<Double> values, Rect area, List<Rect> tiles) {
        assertThat(tiles).hasSize(values.size());
        double total = values.stream().mapToDouble(Double::doubleValue).sum();
        double scale = area.w() * area.h() / total;
        for (int i = 0; i < tiles.size(); i++) {
            Rect t = tiles.get(i);
            assertThat(t.w() * t.h()).as("tile %d's area", i).isCloseTo(values.get(i) * scale, within(EPS * area.w() * area.h()));
            assertThat(t.x()).isGreaterThanOrEqualTo(area.x() - EPS);
            assertThat(t.y()).isGreaterThanOrEqualTo(area.y() - EPS);
            assertThat(t.x() + t.w()).isLessThanOrEqualTo(area.x() + area.w() + EPS);
            assertThat(t.y() + t.h()).isLessThanOrEqualTo(area.y() + area.h() + EPS);
            for (int j = 0; j < i; j++) {
                Rect o = tiles.get(j);
                double overlap = Math.max(0, Math.min(t.x() + t.w(), o.x() + o.w()) - Math.max(t.x(), o.x()))
                        * Math.max(0, Math.min(t.y() + t.h(), o.y() + o.h()) - Math.max(t.y(), o.y()));
                assertThat(overlap).as("tiles %d and %d overlap", i, j).isLessThan(EPS * area.w() * area.h());
            }
        }
    }
}
