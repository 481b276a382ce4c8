package org.chorus.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.chorus.core.MutableClock;
import org.chorus.core.db.Database;
import org.chorus.core.db.DatabaseUrl;
import org.chorus.core.db.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Block summaries (V33) match the points logged: kept by every log-batch and log-metric whatever the order steps
 * arrive in, when steps are logged again, with NaN and infinities; and computed by the migration for points that
 * existed before it. The expected summaries are computed here from the points the test logged.
 */
abstract class MetricBlocksContract {
    @TempDir
    Path dir;

    /** A new, empty database (not yet migrated). */
    abstract DatabaseUrl freshUrl(Path dir);

    record Point(long step, long ts, double value) {}

    @Test
    void everyLogPathKeepsTheBlocksOfThePointsItWrites() {
        List<Point> points = series(new Random(7), 5_000);
        try (Database db = Database.open(freshUrl(dir))) {
            TrackingStore store = TrackingStore.create(db, new MutableClock(Instant.parse("2026-01-01T00:00:00Z")), Permission.READ);
            String exp = store.createExperiment(Caller.server(), "e", null, Map.of());
            String run = store.createRun(exp, "alice", "r", null, List.of()).info().runId();
            List<Point> shuffled = new ArrayList<>(points);
            Collections.shuffle(shuffled, new Random(11));
            // most in batches of up to 700, out of step order; the rest one by one through log-metric
            int single = shuffled.size() - 40;
            for (int start = 0; start < single; start += 700) {
                store.logBatch(run, shuffled.subList(start, Math.min(single, start + 700)).stream()
                        .map(p -> new Metric("loss", p.value(), p.ts(), p.step())).toList(), List.of(), List.of());
            }
            for (Point p : shuffled.subList(single, shuffled.size())) {
                store.logMetric(run, new Metric("loss", p.value(), p.ts(), p.step()));
            }
            store.logMetric(run, new Metric("other", 1, 1, 3));
            for (int size : new int[] {MetricBlock.FINE, MetricBlock.COARSE}) {
                assertThat(store.metricBlocks(run, "loss", size, Long.MIN_VALUE, Long.MAX_VALUE)).as("size " + size)
                        .containsExactlyElementsOf(expected(points, size));
            }
            assertThat(store.metricBlocks(run, "loss", MetricBlock.FINE, 2, 3)).extracting(MetricBlock::block).containsExactly(2L, 3L);
            assertThat(store.metricBlocks(run, "missing", MetricBlock.FINE, 0, 10)).isEmpty();
        }
    }

    @Test
    void theMigrationSummarisesThePointsLoggedBeforeIt() {
        List<Point> points = series(new Random(3), 3_000);
        DatabaseUrl url = freshUrl(dir);
        TestDatabases.atVersion(url, "32", h -> {
            h.execute("INSERT INTO experiments (id, name, artifact_location, lifecycle_stage, creation_time, last_update_time) VALUES (1, 'e', 'mlflow-artifacts:/1', 'active', 0, 0)");
            h.execute("INSERT INTO runs (id, run_uuid, experiment_id, name, user_id, status, start_time, lifecycle_stage, artifact_uri)"
                    + " VALUES (5, 'r5', 1, 'r', 'bob', 'RUNNING', 0, 'active', 'x')");
            h.execute("INSERT INTO metric_keys VALUES (9, 'loss')");
            var batch = h.prepareBatch("INSERT INTO metric_points VALUES (5, 9, :step, :ts, :value, :nan)");
            for (Point p : points) {
                batch.bind("step", p.step()).bind("ts", p.ts()).bind("value", BatchWriter.stored(p.value()))
                        .bind("nan", Double.isNaN(p.value())).add();
            }
            batch.execute();
        });
        try (Database db = Database.open(url)) {
            TrackingStore store = TrackingStore.create(db, new MutableClock(Instant.parse("2026-01-01T00:00:00Z")), Permission.READ);
            for (int size : new int[] {MetricBlock.FINE, MetricBlock.COARSE}) {
                assertThat(store.metricBlocks("r5", "loss", size, Long.MIN_VALUE, Long.MAX_VALUE)).as("size " + size)
                        .containsExactlyElementsOf(expected(points, size));
            }
        }
    }

    /**
     * Steps from -100 up with gaps, a fifth of them logged twice (another value, maybe a new extreme), NaN now and
     * then and one block of NaN only, infinities, equal values at several steps.
     */
    static List<Point> series(Random random, int n) {
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long step = -100 + i + i / 500 * 3_000;
            double value = Math.round(Math.sin(i / 40.0) * 1000) / 100.0;
            if (i % 97 == 0) {
                value = Double.NaN;
            } else if (i == 1_234) {
                value = Double.POSITIVE_INFINITY;
            } else if (i == 2_345) {
                value = Double.NEGATIVE_INFINITY;
            }
            points.add(new Point(step, 1_000 + i, value));
            if (random.nextInt(5) == 0) {
                points.add(new Point(step, 1_000 + i + random.nextInt(3), random.nextInt(50) == 0 ? 500 + i : value / 2));
            }
        }
        for (long step = 20_000; step < 20_000 + MetricBlock.FINE; step++) { // a whole block of NaN
            points.add(new Point(step, 5, Double.NaN));
        }
        return points;
    }

    /** Each block's summary, from the points: first the lowest (highest) value, then the earliest step and timestamp. */
    static List<MetricBlock> expected(List<Point> points, int size) {
        List<Point> ordered = new ArrayList<>(points);
        ordered.sort((a, b) -> a.step() != b.step() ? Long.compare(a.step(), b.step()) : Long.compare(a.ts(), b.ts()));
        Map<Long, List<Point>> byBlock = new TreeMap<>();
        for (Point p : ordered) {
            byBlock.computeIfAbsent(Math.floorDiv(p.step(), size), b -> new ArrayList<>()).add(p);
        }
        List<MetricBlock> out = new ArrayList<>();
        byBlock.forEach((block, ps) -> {
            Point min = null;
            Point max = null;
            long values = 0;
            for (Point p : ps) {
                if (Double.isNaN(p.value())) {
                    continue;
                }
                values++;
                if (min == null || stored(p) < stored(min)) {
                    min = p;
                }
                if (max == null || stored(p) > stored(max)) {
                    max = p;
                }
            }
            out.add(new MetricBlock(block, ps.getFirst().step(), ps.getLast().step(), values,
                    min == null ? 0 : min.step(), min == null ? 0 : min.ts(), min == null ? Double.NaN : stored(min),
                    max == null ? 0 : max.step(), max == null ? 0 : max.ts(), max == null ? Double.NaN : stored(max)));
        });
        return out;
    }

    /** As MLflow stores values: infinities as +/-Double.MAX_VALUE. */
    private static double stored(Point p) {
        return Double.isInfinite(p.value()) ? Math.copySign(Double.MAX_VALUE, p.value()) : p.value();
    }
}
