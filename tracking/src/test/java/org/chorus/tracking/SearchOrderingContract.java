package org.chorus.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import org.chorus.core.MutableClock;
import org.chorus.core.db.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Search over a few hundred runs with ties, missing keys and NaN, paged in small pages: every page
 * concatenated must equal the order computed here in plain Java from the logged values.
 */
abstract class SearchOrderingContract {
    private static final int RUNS = 120;

    @TempDir
    Path dir;
    Database db;
    TrackingStore store;
    String experiment;
    List<Logged> logged = new ArrayList<>();

    abstract Database open(Path dir);

    /** What one run was given; {@code m} and {@code loss} are null when the run never logged them. */
    record Logged(String runId, long start, Double m, Double loss, String p, String team) {}

    @BeforeEach
    void setUp() {
        db = open(dir);
        store = TrackingStore.create(db, new MutableClock(Instant.parse("2026-01-01T00:00:00Z")), Permission.READ);
        experiment = store.createExperiment(Caller.server(), "ordering", null, Map.of());
        for (int i = 0; i < RUNS; i++) {
            long start = 1_000 + i / 3; // three runs share each start time, so ties fall through to run_id
            Double m = i % 7 == 0 ? null : i % 11 == 0 ? Double.NaN : (i * 37 % 50) / 10.0; // many equal values
            Double loss = i % 5 == 0 ? null : (i * 13 % 17) / 4.0;
            String p = "v" + i % 4;
            String team = i % 3 == 0 ? "red" : "blue";
            String run = store.createRun(experiment, "u", "run-" + i, start, List.of(new KeyValue("team", team))).info().runId();
            List<Metric> metrics = new ArrayList<>();
            if (m != null) {
                metrics.add(new Metric("m", m, 1, 0));
            }
            if (loss != null) {
                metrics.add(new Metric("loss", loss, 1, 0));
            }
            store.logBatch(run, metrics, List.of(new KeyValue("p", p)), List.of());
            logged.add(new Logged(run, start, m, loss, p, team));
        }
    }

    @AfterEach
    void tearDown() {
        if (db != null) { // null when the engine is unavailable and the test was skipped
            db.close();
        }
    }

    @Test
    void filteredSearchOrderedByTheFilteredMetricPagesInExactOrder() {
        Predicate<Logged> filter = r -> r.m() != null && !r.m().isNaN() && r.m() > 0.5 && r.m() < 3.5 && r.p().equals("v1");
        List<String> expected = expect(filter, Comparator.comparing(Logged::m).reversed());

        assertThat(pages("metrics.m > 0.5 and metrics.m < 3.5 and params.p = 'v1'", List.of("metrics.m DESC"), 4)).isEqualTo(expected);
        assertThat(expected).hasSizeGreaterThan(8);
    }

    @Test
    void orderByAMetricTheFilterDoesNotNamePutsMissingValuesLast() {
        Predicate<Logged> filter = r -> r.team().equals("blue") && (r.p().equals("v0") || r.p().equals("v2"));
        Comparator<Logged> lossAscending = Comparator.comparing(Logged::loss, Comparator.nullsLast(Comparator.naturalOrder()));
        List<String> expected = expect(filter, lossAscending);

        assertThat(pages("tags.team = 'blue' and params.p IN ('v0', 'v2')", List.of("metrics.loss ASC"), 9)).isEqualTo(expected);
        assertThat(expected).hasSizeGreaterThan(18);
    }

    @Test
    void filterOnOneMetricOrderByAnotherDescending() {
        Predicate<Logged> filter = r -> r.m() != null && !r.m().isNaN() && r.m() <= 2.0;
        Comparator<Logged> lossDescending = Comparator.comparing(Logged::loss, Comparator.nullsLast(Comparator.reverseOrder()));
        List<String> expected = expect(filter, lossDescending);

        assertThat(pages("metrics.m <= 2.0", List.of("metrics.loss DESC"), 11)).isEqualTo(expected);
    }

    @Test
    void noFilterNoOrderIsNewestFirstOverEveryRun() {
        List<String> expected = expect(r -> true, (a, b) -> 0);

        assertThat(pages(null, List.of(), 25)).isEqualTo(expected).hasSize(RUNS);
    }

    @Test
    void walkingTheOrderedMetricAndPlanningFreelyGiveTheSameExactPages() {
        // With a threshold of 10 rows, SQLite walks m's index when the param matches 30 runs, and plans on its own
        // when the run name or the param matches (almost) nothing; PostgreSQL always plans on its own.
        RunSearch search = new RunSearch(db, new MetricKeys(db), new AccessRules(Permission.READ), 10);
        Predicate<Logged> below = r -> r.m() != null && !r.m().isNaN() && r.m() < 3.5;

        List<String> unselective = expect(below.and(r -> r.p().equals("v1")), Comparator.comparing(Logged::m).reversed());
        assertThat(pages(search, "metrics.m < 3.5 and params.p = 'v1'", List.of("metrics.m DESC"), 4)).isEqualTo(unselective);
        assertThat(unselective).hasSizeGreaterThan(10);

        List<String> ascending = expect(below.and(r -> r.p().equals("v2") && r.team().equals("blue")), Comparator.comparing(Logged::m));
        assertThat(pages(search, "metrics.m < 3.5 and params.p = 'v2' and tags.team = 'blue'", List.of("metrics.m ASC"), 3))
                .isEqualTo(ascending);
        assertThat(ascending).hasSizeGreaterThan(10);

        assertThat(pages(search, "metrics.m < 3.5 and params.p = 'v1' and attributes.run_name = 'run-9'", List.of("metrics.m DESC"), 4))
                .isEqualTo(expect(below.and(r -> r.runId().equals(logged.get(9).runId()) && r.p().equals("v1")), (a, b) -> 0))
                .hasSize(1);
        assertThat(pages(search, "metrics.m < 3.5 and params.p = 'v9'", List.of("metrics.m DESC"), 4)).isEmpty();
    }

    /** The runs matching {@code filter}, in {@code order} then MLflow's tie-break: start_time DESC, run_id ASC. */
    private List<String> expect(Predicate<Logged> filter, Comparator<Logged> order) {
        return logged.stream().filter(filter)
                .sorted(order.thenComparing(Comparator.comparingLong(Logged::start).reversed()).thenComparing(Logged::runId))
                .map(Logged::runId).toList();
    }

    private List<String> pages(String filter, List<String> orderBy, int pageSize) {
        return pages(token -> store.searchRuns(Caller.server(), List.of(experiment), filter, ViewType.ACTIVE_ONLY, pageSize, orderBy, token));
    }

    private List<String> pages(RunSearch search, String filter, List<String> orderBy, int pageSize) {
        return pages(token -> search.search(Caller.server(), List.of(experiment), filter, ViewType.ACTIVE_ONLY, pageSize, orderBy, token, EncodedRuns.none()));
    }

    /** Every page's run ids, following the page tokens to the end. */
    private static List<String> pages(Function<String, Page<Run>> search) {
        List<String> out = new ArrayList<>();
        String token = null;
        do {
            Page<Run> page = search.apply(token);
            page.items().forEach(r -> out.add(r.info().runId()));
            token = page.nextPageToken();
        } while (token != null);
        return out;
    }
}
