package org.chorus.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.core.MutableClock;
import org.chorus.core.db.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tracking store's behaviour, run against SQLite and PostgreSQL. */
abstract class TrackingStoreContract {
    @TempDir
    Path dir;
    Database db;
    TrackingStore store;
    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    /** Before the database is set up (a field initialiser runs before {@link #setUp}). */
    final long openedAfter = System.currentTimeMillis();

    abstract Database open(Path dir);

    @BeforeEach
    void setUp() {
        db = open(dir);
        store = TrackingStore.create(db, clock, Permission.READ);
    }

    @AfterEach
    void tearDown() {
        if (db != null) { // null when PostgreSQL is not configured and the test was skipped
            db.close();
        }
    }

    private static ErrorCode code(Runnable r) {
        try {
            r.run();
        } catch (ChorusException e) {
            return e.code();
        }
        throw new AssertionError("expected a ChorusException");
    }

    @Test
    void theDefaultExperimentIsDatedWhenTheDatabaseWasSetUp() {
        Experiment standard = store.getExperiment("0");
        assertThat(standard.name()).isEqualTo("Default");
        // the database's clock, to the millisecond (SQLite's julianday rounds): not 0, which pages showed as 1970-01-01
        assertThat(standard.creationTime()).isBetween(openedAfter - 1, System.currentTimeMillis() + 1);
        assertThat(standard.lastUpdateTime()).isEqualTo(standard.creationTime());
    }

    @Test
    void latestMetricIsTheGreatestStepWhateverTheArrivalOrder() {
        String exp = store.createExperiment(Caller.server(), "e", null, Map.of());
        String run = store.createRun(exp, "alice", "r1", null, List.of()).info().runId();

        store.logBatch(run, List.of(new Metric("loss", 0.5, 10, 5), new Metric("loss", 0.9, 11, 1)), List.of(), List.of());
        store.logMetric(run, new Metric("loss", 0.7, 12, 3));

        Run got = store.getRun(run);
        assertThat(got.metrics()).containsExactly(new Metric("loss", 0.5, 10, 5));
        assertThat(store.metricHistory(run, "loss", 0, null).items()).extracting(Metric::step).containsExactly(1L, 3L, 5L);
    }

    @Test
    void anotherServerOnTheSameDatabaseNamesTheMetricsItDidNotCreate() {
        String exp = store.createExperiment(Caller.server(), "shared", null, Map.of());
        String run = store.createRun(exp, "alice", "r1", null, List.of()).info().runId();
        store.logBatch(run, List.of(new Metric("loss", 0.25, 10, 1), new Metric("acc", 0.75, 10, 1)), List.of(), List.of());

        TrackingStore other = TrackingStore.create(db, clock, Permission.READ); // its metric-key cache starts empty
        assertThat(other.getRun(run).metrics()).containsExactlyInAnyOrder(new Metric("loss", 0.25, 10, 1), new Metric("acc", 0.75, 10, 1));
        assertThat(other.searchRuns(Caller.server(), List.of(exp), "", ViewType.ACTIVE_ONLY, 10, List.of(), null).items().getFirst().metrics())
                .extracting(Metric::key).containsExactlyInAnyOrder("loss", "acc");
    }

    @Test
    void aCreatedRunIsAnsweredAsItIsStored() {
        String exp = store.createExperiment(Caller.server(), "created", null, Map.of());
        Run named = store.createRun(exp, "alice", "given", 1234L, List.of(new KeyValue("b", "1"), new KeyValue("a", "x"), new KeyValue("a", "y")));
        Run fromTag = store.createRun(exp, null, null, null, List.of(new KeyValue(SqlTrackingStore.RUN_NAME_TAG, "tagged")));
        Run generated = store.createRun(exp, "bob", null, null, List.of());

        for (Run created : List.of(named, fromTag, generated)) {
            Run stored = store.getRun(created.info().runId());
            assertThat(created).isEqualTo(stored);
        }
        assertThat(named.tags()).extracting(KeyValue::key).containsExactly("a", "b", SqlTrackingStore.RUN_NAME_TAG);
        assertThat(named.tags()).contains(new KeyValue("a", "y"));
        assertThat(fromTag.info().runName()).isEqualTo("tagged");
        assertThat(generated.info().runName()).isNotEmpty();
    }

    @Test
    void updatingARunsNameRenamesItAndItsRunNameTag() {
        String exp = store.createExperiment(Caller.server(), "renamed", null, Map.of());
        String run = store.createRun(exp, "alice", "before", null, List.of()).info().runId();

        RunInfo updated = store.updateRun(run, RunStatus.FINISHED, 99L, "after");

        assertThat(updated.runName()).isEqualTo("after");
        assertThat(updated.status()).isEqualTo(RunStatus.FINISHED);
        assertThat(store.getRun(run).tags()).contains(new KeyValue(SqlTrackingStore.RUN_NAME_TAG, "after"));
        assertThat(store.searchRuns(Caller.server(), List.of(exp), "attributes.run_name = 'after'", ViewType.ACTIVE_ONLY, 10, List.of(), null).items())
                .extracting(r -> r.info().runId()).containsExactly(run);
        assertThat(code(() -> store.updateRun(run, null, null, "x".repeat(251)))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(store.getRun(run).info().runName()).isEqualTo("after");
    }

    @Test
    void nanAndInfinityAreStoredAsMlflowStoresThem() {
        String run = store.createRun("0", "alice", null, null, List.of()).info().runId();

        store.logBatch(run, List.of(new Metric("a", Double.NaN, 1, 0), new Metric("b", Double.POSITIVE_INFINITY, 1, 0),
                new Metric("c", Double.NEGATIVE_INFINITY, 1, 0)), List.of(), List.of());

        assertThat(store.metricHistory(run, "a", 0, null).items().getFirst().value()).isNaN();
        assertThat(store.metricHistory(run, "b", 0, null).items().getFirst().value()).isEqualTo(Double.MAX_VALUE);
        assertThat(store.metricHistory(run, "c", 0, null).items().getFirst().value()).isEqualTo(-Double.MAX_VALUE);
    }

    @Test
    void paramsAreWriteOnce() {
        String run = store.createRun("0", "alice", null, null, List.of()).info().runId();
        store.logParam(run, "lr", "0.1");

        store.logParam(run, "lr", "0.1");
        assertThatThrownBy(() -> store.logParam(run, "lr", "0.2"))
                .isInstanceOf(ChorusException.class).hasMessageContaining("Changing param values is not allowed");

        assertThat(store.getRun(run).params()).containsExactly(new KeyValue("lr", "0.1"));
    }

    @Test
    void badInputIsRefusedWithInvalidArgument() {
        String run = store.createRun("0", "alice", null, null, List.of()).info().runId();
        List<Metric> tooMany = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            tooMany.add(new Metric("m", i, 0, i));
        }

        assertThat(code(() -> store.logBatch(run, tooMany, List.of(), List.of()))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(code(() -> store.logMetric(run, new Metric("k".repeat(251), 1, 0, 0)))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(code(() -> store.logMetric(run, new Metric("../etc", 1, 0, 0)))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(code(() -> store.setTag(run, "t", "v".repeat(8001)))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(code(() -> store.logMetric("nope", new Metric("m", 1, 0, 0)))).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(code(() -> store.getExperiment("12345"))).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(code(() -> store.createExperiment(Caller.server(), "Default", null, Map.of()))).isEqualTo(ErrorCode.ALREADY_EXISTS);
    }

    @Test
    void runsCannotBeCreatedInADeletedExperimentNorLoggedToWhenDeleted() {
        String exp = store.createExperiment(Caller.server(), "gone", null, Map.of());
        String run = store.createRun(exp, "alice", null, null, List.of()).info().runId();

        store.deleteExperiment(exp);

        assertThatThrownBy(() -> store.createRun(exp, "alice", null, null, List.of())).hasMessageContaining("must be in the 'active' state");
        assertThatThrownBy(() -> store.logMetric(run, new Metric("m", 1, 0, 0))).hasMessageContaining("must be in the 'active' state");
        store.restoreExperiment(exp);
        store.logMetric(run, new Metric("m", 1, 0, 0));
        assertThat(store.getRun(run).metrics()).hasSize(1);
    }

    @Test
    void searchFiltersOnMetricsParamsTagsAndAttributesAndOrdersAndPages() {
        String exp = store.createExperiment(Caller.server(), "search", null, Map.of());
        for (int i = 0; i < 6; i++) {
            clock.advance(java.time.Duration.ofSeconds(1));
            String run = store.createRun(exp, "alice", "run-" + i, null, List.of()).info().runId();
            store.logBatch(run, List.of(new Metric("acc", i / 10.0, 1, 0)),
                    List.of(new KeyValue("model-type", i % 2 == 0 ? "CNN" : "mlp")), List.of(new KeyValue("team", "t" + i)));
        }

        Page<Run> page = store.searchRuns(Caller.server(), List.of(exp), "metrics.acc >= 0.2 and params.`model-type` ILIKE 'cnn'", ViewType.ACTIVE_ONLY,
                10, List.of("metrics.acc DESC"), null);
        assertThat(page.items()).extracting(r -> r.info().runName()).containsExactly("run-4", "run-2");

        Page<Run> first = store.searchRuns(Caller.server(), List.of(exp), "attributes.run_name LIKE 'run-%' AND tags.team IN ('t1','t3','t5')",
                ViewType.ACTIVE_ONLY, 2, List.of("params.\"model-type\" ASC", "attributes.run_name"), null);
        assertThat(first.items()).extracting(r -> r.info().runName()).containsExactly("run-1", "run-3");
        Page<Run> second = store.searchRuns(Caller.server(), List.of(exp), "attributes.run_name LIKE 'run-%' AND tags.team IN ('t1','t3','t5')",
                ViewType.ACTIVE_ONLY, 2, List.of("params.\"model-type\" ASC", "attributes.run_name"), first.nextPageToken());
        assertThat(second.items()).extracting(r -> r.info().runName()).containsExactly("run-5");
        assertThat(second.nextPageToken()).isNull();
        assertThat(store.searchRuns(Caller.server(), List.of(exp), "attributes.run_name LIKE 'RUN-%'", ViewType.ALL, 10, List.of(), null).items()).isEmpty();
    }

    @Test
    void malformedFiltersNameThePosition() {
        assertThatThrownBy(() -> store.searchRuns(Caller.server(), List.of("0"), "metrics.acc >> 1", ViewType.ALL, 10, List.of(), null))
                .hasMessageContaining("position");
        assertThatThrownBy(() -> store.searchRuns(Caller.server(), List.of("0"), "metrics.acc > 1 or params.a = 'b'", ViewType.ALL, 10, List.of(), null))
                .hasMessageContaining("position 16");
        assertThatThrownBy(() -> store.searchRuns(Caller.server(), List.of("0"), "metrics.acc = 'x'", ViewType.ALL, 10, List.of(), null))
                .hasMessageContaining("must be a number");
        assertThatThrownBy(() -> store.searchRuns(Caller.server(), List.of("0"), "foo.bar = 'x'", ViewType.ALL, 10, List.of(), null))
                .hasMessageContaining("invalid entity type 'foo'");
    }

    @Test
    void concurrentBatchesToOneRunLoseNothing() throws Exception {
        String run = store.createRun("0", "alice", null, null, List.of()).info().runId();
        int clients = 8;
        int perClient = 10;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                done.add(pool.submit(() -> {
                    for (int b = 0; b < perClient; b++) {
                        List<Metric> batch = new ArrayList<>();
                        for (int i = 0; i < 50; i++) {
                            batch.add(new Metric("m" + (i % 5), i, client, (long) b * 50 + i));
                        }
                        store.logBatch(run, batch, List.of(new KeyValue("p" + client, "v")), List.of(new KeyValue("t", "" + client)));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }

        long points = 0;
        for (int k = 0; k < 5; k++) {
            points += store.metricHistory(run, "m" + k, 0, null).items().size();
        }
        assertThat(points).isEqualTo((long) clients * perClient * 50);
        assertThat(store.getRun(run).params()).hasSize(clients);
        assertThat(store.getRun(run).metrics()).extracting(Metric::step).contains((long) (perClient - 1) * 50 + 49);
    }

    @Test
    void metricHistoryPagesInStepOrder() {
        String run = store.createRun("0", "alice", null, null, List.of()).info().runId();
        List<Metric> batch = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            batch.add(new Metric("loss", 1.0 / (i + 1), 100 + i, i));
        }
        store.logBatch(run, batch, List.of(), List.of());

        List<Long> steps = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            Page<Metric> page = store.metricHistory(run, "loss", 10, token);
            page.items().forEach(m -> steps.add(m.step()));
            token = page.nextPageToken();
            pages++;
        } while (token != null);

        assertThat(pages).isEqualTo(3);
        assertThat(steps).hasSize(25).isSorted();
        assertThat(store.metricHistoryBulkInterval(List.of(run), "loss", 0L, 24L, 5)).extracting(m -> m.metric().step())
                .containsExactly(0L, 6L, 12L, 18L, 24L);
    }

    @Test
    void experimentsSearchByNameAndTagWithOrder() {
        store.createExperiment(Caller.server(), "alpha", null, Map.of("owner", "ann"));
        clock.advance(java.time.Duration.ofSeconds(1));
        store.createExperiment(Caller.server(), "beta", null, Map.of("owner", "bob"));
        String gamma = store.createExperiment(Caller.server(), "gamma", null, Map.of());
        store.deleteExperiment(gamma);

        assertThat(store.searchExperiments(Caller.server(), "name LIKE '%a' AND tags.owner != 'x'", List.of("name DESC"), ViewType.ACTIVE_ONLY, 10, null)
                .items()).extracting(Experiment::name).containsExactly("beta", "alpha");
        assertThat(store.searchExperiments(Caller.server(), null, List.of(), ViewType.DELETED_ONLY, 10, null).items())
                .extracting(Experiment::name).containsExactly("gamma");
    }

    @Test
    void concurrentParamsWithDifferentValuesKeepExactlyOne() throws Exception {
        String run = store.createRun("0", "alice", null, null, List.of()).info().runId();
        int writers = 8;
        java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                String value = "v" + w;
                done.add(pool.submit(() -> {
                    try {
                        store.logParam(run, "seed", value);
                    } catch (ChorusException e) {
                        refused.incrementAndGet();
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }

        assertThat(store.getRun(run).params()).hasSize(1);
        assertThat(refused.get()).isEqualTo(writers - 1);
    }

    @Test
    void oneBadBatchAmongConcurrentOnesFailsAloneAndTheOthersAreKept() throws Exception {
        String run = store.createRun("0", "alice", null, null, List.of()).info().runId();
        store.logParam(run, "fixed", "a");
        int clients = 10;
        java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                done.add(pool.submit(() -> {
                    List<KeyValue> params = client == 3 ? List.of(new KeyValue("fixed", "b")) : List.of();
                    try {
                        store.logBatch(run, List.of(new Metric("m", client, 0, client)), params, List.of());
                    } catch (ChorusException e) {
                        refused.incrementAndGet();
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }

        assertThat(refused.get()).isEqualTo(1);
        assertThat(store.metricHistory(run, "m", 0, null).items()).extracting(Metric::step)
                .containsExactlyInAnyOrder(0L, 1L, 2L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(store.getRun(run).params()).containsExactly(new KeyValue("fixed", "a"));
    }
}
