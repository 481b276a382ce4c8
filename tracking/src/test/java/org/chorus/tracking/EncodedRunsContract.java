package org.chorus.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.chorus.core.MutableClock;
import org.chorus.core.db.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kept run encodings between searches: after every kind of change to a run — through this store, another store
 * on the same database, or plain SQL — the next search answers exactly what an uncached search answers, and
 * re-encodes the changed run and no other.
 */
abstract class EncodedRunsContract {
    @TempDir
    Path dir;
    Database db;
    TrackingStore store;
    String experiment;
    List<String> runs = new ArrayList<>();
    /** Encodings made per run id, by the counting encoder below. */
    Map<String, Integer> encodings = new ConcurrentHashMap<>();

    abstract Database open(Path dir);

    @BeforeEach
    void setUp() {
        db = open(dir);
        store = TrackingStore.create(db, new MutableClock(Instant.parse("2026-01-01T00:00:00Z")), Permission.READ);
        experiment = store.createExperiment(Caller.server(), "kept", null, Map.of());
        for (int i = 0; i < 3; i++) {
            String run = store.createRun(experiment, "u", "run-" + i, 1_000L + i, List.of()).info().runId();
            store.logBatch(run, List.of(new Metric("loss", 1.0 / (i + 1), 5, 0)), List.of(new KeyValue("lr", "0.0" + i)),
                    List.of(new KeyValue("team", "red")));
            runs.add(run);
        }
    }

    @AfterEach
    void tearDown() {
        if (db != null) {
            db.close();
        }
    }

    private EncodedRuns<Run> counting(long maxWeight) {
        return EncodedRuns.kept(run -> {
            encodings.merge(run.info().runId(), 1, Integer::sum);
            return run;
        }, run -> 1, maxWeight);
    }

    private List<Run> search(EncodedRuns<Run> encoded) {
        return store.searchRuns(Caller.server(), List.of(experiment), null, ViewType.ALL, 100, List.of(), null, encoded).items();
    }

    private List<Run> uncached() {
        return store.searchRuns(Caller.server(), List.of(experiment), null, ViewType.ALL, 100, List.of(), null).items();
    }

    @Test
    void everyChangeIsSeenAndReEncodesOnlyTheChangedRun() {
        EncodedRuns<Run> kept = counting(1_000);
        assertThat(search(kept)).isEqualTo(uncached());
        assertThat(search(kept)).isEqualTo(uncached());
        assertThat(encodings).containsOnlyKeys(runs).allSatisfy((run, n) -> assertThat(n).as(run).isEqualTo(1));

        String run = runs.get(1);
        TrackingStore other = TrackingStore.create(db, new MutableClock(Instant.parse("2026-01-02T00:00:00Z")), Permission.READ);
        DatasetInput.Dataset data = new DatasetInput.Dataset("train", "d1", "local", "/data", null, null);
        Map<String, Runnable> changes = new LinkedHashMap<>();
        changes.put("new metric", () -> store.logMetric(run, new Metric("acc", 0.5, 6, 1)));
        changes.put("newer value of a metric", () -> store.logMetric(run, new Metric("loss", 0.25, 7, 2)));
        changes.put("new param", () -> store.logParam(run, "batch", "64"));
        changes.put("new tag", () -> store.setTag(run, "note", "a"));
        changes.put("tag overwritten", () -> store.setTag(run, "note", "b"));
        changes.put("tag deleted", () -> store.deleteTag(run, "note"));
        changes.put("renamed", () -> store.updateRun(run, null, null, "renamed"));
        changes.put("finished", () -> store.updateRun(run, RunStatus.FINISHED, 2_000L, null));
        changes.put("dataset input", () -> store.logInputs(run, List.of(new DatasetInput(List.of(new KeyValue("context", "train")), data))));
        changes.put("dataset input tags", () -> store.logInputs(run, List.of(new DatasetInput(List.of(new KeyValue("context", "eval")), data))));
        changes.put("deleted", () -> store.deleteRun(run));
        changes.put("restored", () -> store.restoreRun(run));
        changes.put("tag set through another server", () -> other.setTag(run, "by", "other"));
        changes.put("metric logged through another server", () -> other.logMetric(run, new Metric("loss", 0.125, 8, 3)));
        changes.put("tag changed in plain SQL", () -> db.useTransaction(h -> h.execute(
                "UPDATE run_tags SET tag_value = 'sql' WHERE tag_key = 'by' AND run_id = (SELECT id FROM runs WHERE run_uuid = ?)", run)));
        changes.forEach((name, change) -> {
            Map<String, Integer> before = Map.copyOf(encodings);
            List<Run> previous = uncached();
            change.run();
            List<Run> now = search(kept);
            assertThat(now).as(name).isEqualTo(uncached()).isNotEqualTo(previous);
            assertThat(encodings.get(run)).as(name + ": the changed run encoded again").isEqualTo(before.get(run) + 1);
            runs.stream().filter(r -> !r.equals(run))
                    .forEach(r -> assertThat(encodings.get(r)).as(name + ": untouched run " + r).isEqualTo(before.get(r)));
        });
    }

    @Test
    void deletingTheExperimentChangesEveryRun() {
        EncodedRuns<Run> kept = counting(1_000);
        search(kept);
        store.deleteExperiment(experiment);
        assertThat(search(kept)).isEqualTo(uncached()).allSatisfy(r -> assertThat(r.info().lifecycleStage()).isEqualTo(LifecycleStage.DELETED));
        assertThat(encodings).allSatisfy((run, n) -> assertThat(n).as(run).isEqualTo(2));
    }

    @Test
    void aFullCacheStillAnswersEveryRunAndNoneKeepsNothing() {
        EncodedRuns<Run> tiny = counting(1);
        for (int i = 0; i < 3; i++) {
            assertThat(search(tiny)).isEqualTo(uncached()).hasSize(3);
        }
        assertThat(encodings.values().stream().mapToInt(Integer::intValue).sum()).as("at most one run kept").isGreaterThanOrEqualTo(7);

        encodings.clear();
        EncodedRuns<Run> off = counting(0);
        search(off);
        search(off);
        assertThat(encodings).containsOnlyKeys(runs).allSatisfy((run, n) -> assertThat(n).isEqualTo(2));
    }
}
