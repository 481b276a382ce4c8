package org.chorus.server.web.charts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MinMaxBucketsTest {

    @Test
    void aShortSeriesComesBackUnchanged() {
        MinMaxBuckets b = new MinMaxBuckets(0, 9, 2000);
        for (int i = 0; i < 10; i++) {
            b.add(i, 1000L + i, i * 0.5);
        }
        var s = b.result();
        assertThat(s.reduced()).isFalse();
        assertThat(s.xs()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(s.ys()[9]).isEqualTo(4.5);
        assertThat(s.timestamps()[3]).isEqualTo(1003L);
    }

    @Test
    void aMillionPointsKeepEveryBucketsExtremesWithinTheLimit() {
        int n = 1_000_000;
        double[] ys = new double[n];
        Random random = new Random(42); // fixed data: the assertions below hold for any series, this one is just large
        for (int i = 0; i < n; i++) {
            ys[i] = Math.sin(i / 5000.0) + random.nextGaussian() * 0.1;
        }
        ys[123_457] = 50; // one spike up, one down, each alone in the middle of a bucket
        ys[876_543] = -50;
        MinMaxBuckets b = new MinMaxBuckets(0, n - 1, 2000);
        for (int i = 0; i < n; i++) {
            b.add(i, i, ys[i]);
        }
        var s = b.result();
        assertThat(s.reduced()).isTrue();
        assertThat(s.pointsRead()).isEqualTo(n);
        assertThat(s.size()).isLessThanOrEqualTo(2000).isGreaterThan(1900);
        assertThat(s.ys()).contains(50.0, -50.0);
        assertThat(Arrays.stream(s.ys()).max().orElseThrow()).isEqualTo(50.0);
        long[] sorted = s.xs().clone();
        Arrays.sort(sorted);
        assertThat(s.xs()).containsExactly(sorted);
        // every bucket of 1,000 steps keeps its own minimum and maximum, so local extremes survive too
        for (int bucket = 0; bucket < 1000; bucket++) {
            double min = Double.MAX_VALUE;
            double max = -Double.MAX_VALUE;
            for (int i = bucket * 1000; i < (bucket + 1) * 1000; i++) {
                min = Math.min(min, ys[i]);
                max = Math.max(max, ys[i]);
            }
            assertThat(s.ys()).contains(min, max);
        }
    }

    @Test
    void nanIsSkippedAndTiesKeepTheirOrder() {
        MinMaxBuckets b = new MinMaxBuckets(0, 3, 2);
        b.add(0, 0, 5);
        b.add(1, 1, Double.NaN);
        b.add(2, 2, 1);
        b.add(3, 3, 9);
        var s = b.result();
        assertThat(s.reduced()).isTrue();
        assertThat(s.ys()).containsExactly(1, 9);
        assertThat(s.xs()).containsExactly(2, 3);
    }
}
