package org.chorus.federated.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PartitionerTest {
    /** 2000 examples, 200 of each of 10 classes, interleaved. */
    static final int[] LABELS = IntStream.range(0, 2000).map(i -> i % 10).toArray();

    static long classesOf(int[] part) {
        return Arrays.stream(part).map(i -> LABELS[i]).distinct().count();
    }

    static void assertCoversEachIndexOnce(int[][] parts) {
        int[] all = Arrays.stream(parts).flatMapToInt(Arrays::stream).sorted().toArray();
        assertThat(all).isEqualTo(IntStream.range(0, LABELS.length).toArray());
    }

    @Test
    void iidGivesEqualShuffledShares() {
        int[][] parts = Partitioner.parse("iid").split(LABELS, 10, 10, 1);
        assertCoversEachIndexOnce(parts);
        assertThat(java.util.List.of(parts)).allSatisfy(p -> assertThat(p).hasSize(200));
        assertThat(java.util.List.of(parts)).allSatisfy(p -> assertThat(classesOf(p)).isGreaterThan(5));
    }

    @Test
    void oneClassPerClientGivesEachClientExactlyOneLabel() {
        int[][] parts = Partitioner.parse("#c=1").split(LABELS, 10, 10, 1);
        assertCoversEachIndexOnce(parts);
        assertThat(java.util.List.of(parts)).allSatisfy(p -> assertThat(classesOf(p)).isEqualTo(1));
    }

    @Test
    void twoClassesPerClientNeverGiveMoreThanTwoLabels() {
        int[][] parts = Partitioner.parse("#c=2").split(LABELS, 10, 10, 3);
        assertThat(java.util.List.of(parts)).allSatisfy(p -> assertThat(classesOf(p)).isBetween(1L, 2L));
        assertThat(Arrays.stream(parts).mapToInt(p -> p.length).sum()).isEqualTo(LABELS.length);
    }

    @Test
    void smallDirichletAlphaSkewsLabelsAndLeavesNoClientNearlyEmpty() {
        int[][] parts = Partitioner.parse("dir(0.1)").split(LABELS, 10, 10, 5);
        assertCoversEachIndexOnce(parts);
        assertThat(java.util.List.of(parts)).allSatisfy(p -> assertThat(p.length).isGreaterThanOrEqualTo(10));
        double maxShare = Arrays.stream(parts).mapToDouble(p -> {
            int[] h = new int[10];
            Arrays.stream(p).forEach(i -> h[LABELS[i]]++);
            return Arrays.stream(h).max().orElse(0) / (double) p.length;
        }).max().orElseThrow();
        assertThat(maxShare).isGreaterThan(0.5);
    }

    @Test
    void pathologicalShardsGiveAtMostTwoLabelsPerClient() {
        int[][] parts = Partitioner.parse("shards(2)").split(LABELS, 10, 10, 9);
        assertCoversEachIndexOnce(parts);
        assertThat(java.util.List.of(parts)).allSatisfy(p -> assertThat(classesOf(p)).isLessThanOrEqualTo(2));
    }
}
