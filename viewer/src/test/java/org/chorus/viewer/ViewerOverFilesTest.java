package org.chorus.viewer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.core.db.Database;
import org.chorus.core.db.TestDatabases;
import org.chorus.hub.repos.Repo;
import org.chorus.hub.repos.RepoType;
import org.chorus.viewer.DatasetViewer.ColumnStatistics;
import org.chorus.viewer.DatasetViewer.RowsPage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The viewer over real DuckDB and SQLite, reading files from a directory instead of the hub (the server tests do that). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ViewerOverFilesTest {
    private static final long FIVE_GB = 5_000_000_000L;
    @TempDir
    static Path dir;
    private Database db;
    private DirectoryFiles files;
    private DatasetViewer viewer;
    private Repo repo;

    @BeforeAll
    void setUp() throws Exception {
        Path repoDir = Files.createDirectories(dir.resolve("repo"));
        Files.createDirectories(repoDir.resolve("data"));
        try (var c = DriverManager.getConnection("jdbc:duckdb:"); var st = c.createStatement()) {
            // 1,000 rows: id 0..999, score = id / 10, label one of three, text with the id in words, 1 in 10 scores missing
            st.execute("COPY (SELECT range AS id, CASE WHEN range % 10 = 9 THEN NULL ELSE range / 10.0 END AS score,"
                    + " ['neg', 'neu', 'pos'][range % 3 + 1] AS label, 'review number ' || range AS text, range % 2 = 0 AS even"
                    + " FROM range(1000)) TO '" + repoDir.resolve("data/train-00000-of-00001.parquet") + "' (FORMAT parquet)");
        }
        Files.writeString(repoDir.resolve("test.csv"), "id,text\n1,hello world\n2,\"quoted, with comma\"\n3,bye\n");
        Files.writeString(repoDir.resolve("validation.jsonl"), "{\"q\":\"a\",\"tags\":[\"x\",\"y\"]}\n{\"q\":\"b\",\"tags\":[]}\n");
        Files.writeString(repoDir.resolve("README.md"), "# not data\n");
        files = new DirectoryFiles(repoDir);
        db = TestDatabases.sqlite(dir);
        viewer = DatasetViewer.open(db, files, ViewerLimits.defaults(dir.resolve("local")).withMaxTextBytes(64 * 1024), Clock.systemUTC());
        ownerId = HubRows.owner(db);
        repo = repo("lab/reviews");
    }

    @AfterAll
    void tearDown() {
        viewer.close();
        db.close();
    }

    private String ownerId;

    /** A dataset's row as the hub writes it: cached results belong to a repository. */
    private Repo repo(String name) {
        String[] parts = name.split("/");
        return HubRows.insert(db, ownerId, "r" + Integer.toHexString(name.hashCode()), RepoType.DATASET, parts[0], parts[1]);
    }

    @Test
    void splitsAreNamedFromTheFilesAsTheHubNamesThem() {
        assertThat(viewer.splits(repo).splits()).extracting(DatasetViewer.SplitName::split).containsExactly("train", "validation", "test");
        assertThat(viewer.isValid(repo)).isEqualTo(new DatasetViewer.Validity(true, true, true, true, true));
    }

    @Test
    void firstRowsRowsAndFeaturesReadEachFormat() {
        var first = viewer.firstRows(repo, "default", "train");
        assertThat(first.rows()).hasSize(100);
        assertThat(first.features()).extracting(DatasetViewer.Feature::name).containsExactly("id", "score", "label", "text", "even");
        assertThat(first.features().getFirst().type()).containsEntry("dtype", "int64").containsEntry("_type", "Value");
        assertThat(first.rows().get(3).row()).containsEntry("id", 3L).containsEntry("label", "neg").containsEntry("even", false);
        RowsPage page = viewer.rows(repo, "default", "train", 990, 100);
        assertThat(page.rows()).hasSize(10);
        assertThat(page.rows().getFirst().rowIdx()).isEqualTo(990);
        assertThat(page.numRowsTotal()).isEqualTo(1000);
        assertThat(viewer.rows(repo, "default", "test", 0, 10).rows().get(1).row()).containsEntry("text", "quoted, with comma");
        assertThat(viewer.rows(repo, "default", "validation", 0, 10).rows().getFirst().row().get("tags").toString()).isEqualTo("[\"x\",\"y\"]");
    }

    @Test
    void searchAndFilterKeepTheOriginalRowIndexes() {
        RowsPage found = viewer.search(repo, "default", "train", "NUMBER 99", 0, 100);
        assertThat(found.numRowsTotal()).isEqualTo(11); // 99 and 990..999
        assertThat(found.rows().getFirst().rowIdx()).isEqualTo(99);
        RowsPage filtered = viewer.filter(repo, "default", "train", "label = 'pos' AND score >= 90", "score DESC", 0, 3);
        assertThat(filtered.rows()).extracting(DatasetViewer.Row::rowIdx).containsExactly(998L, 995L, 992L);
        assertThat(filtered.numRowsTotal()).isEqualTo(30);
        assertThatThrownBy(() -> viewer.filter(repo, "default", "train", "label = 1; COPY x TO 'y'", null, 0, 10))
                .hasMessageContaining("unexpected character ';'");
        assertThatThrownBy(() -> viewer.filter(repo, "default", "train", "score = 'not a number'", null, 0, 10))
                .isInstanceOf(ChorusException.class).hasMessageContaining("cannot read lab/reviews default/train");
    }

    @Test
    void statisticsSummariseNumbersLabelsTextAndBooleans() {
        List<ColumnStatistics> stats = viewer.statistics(repo, "default", "train").statistics();
        Map<String, Object> score = stats.get(1).columnStatistics();
        assertThat(stats.get(1).columnType()).isEqualTo("float");
        assertThat(score).containsEntry("nan_count", 100L).containsEntry("min", 0.0).containsEntry("max", 99.8);
        @SuppressWarnings("unchecked")
        List<Long> hist = (List<Long>) ((Map<String, Object>) score.get("histogram")).get("hist");
        assertThat(hist).hasSize(10).allSatisfy(n -> assertThat(n).isEqualTo(90L));
        assertThat(stats.get(0).columnStatistics()).containsEntry("min", 0L).containsEntry("max", 999L).containsEntry("mean", 499.5);
        assertThat(stats.get(2).columnType()).isEqualTo("string_label");
        assertThat(stats.get(2).columnStatistics().get("frequencies")).isEqualTo(Map.of("neg", 334L, "neu", 333L, "pos", 333L));
        assertThat(stats.get(3).columnType()).isEqualTo("string_text");
        assertThat(stats.get(4).columnStatistics().get("frequencies")).isEqualTo(Map.of("True", 500L, "False", 500L));
        // cached per commit in SQL: a second viewer (another node) answers without reading a file
        int opened = files.opened;
        try (DatasetViewer other = DatasetViewer.open(db, files, ViewerLimits.defaults(dir.resolve("other-node")), Clock.systemUTC())) {
            assertThat(other.statistics(repo, "default", "train").statistics().get(2).columnStatistics().get("frequencies"))
                    .isEqualTo(Map.of("neg", 334, "neu", 333, "pos", 333));
        }
        assertThat(files.opened).isEqualTo(opened);
    }

    @Test
    void aFiveGigabyteCsvIsReadOnlyUpToTheLimitAndMarkedPartial() throws Exception {
        DirectoryFiles big = new DirectoryFiles(Files.createDirectories(dir.resolve("empty")));
        big.generate("huge.csv", FIVE_GB, length -> new GeneratedCsv(length));
        try (DatasetViewer v = DatasetViewer.open(db, big, ViewerLimits.defaults(dir.resolve("local-big")).withMaxTextBytes(256 * 1024), Clock.systemUTC())) {
            Repo huge = repo("lab/huge");
            RowsPage page = v.rows(huge, "default", "train", 0, 5);
            assertThat(page.partial()).isTrue();
            assertThat(page.numRowsTotal()).isBetween(1000L, 256 * 1024L / 5);
            assertThat(page.rows().get(4).row()).containsEntry("n", 4L).containsEntry("word", "w4");
            assertThat(v.statistics(huge, "default", "train").partial()).isTrue();
        }
    }

    @Test
    void aMalformedCsvIsA400NotACrash() throws Exception {
        Path bad = Files.createDirectories(dir.resolve("bad"));
        byte[] garbage = new byte[4096];
        new java.util.Random(7).nextBytes(garbage);
        Files.write(bad.resolve("train.csv"), garbage);
        Files.writeString(bad.resolve("test.csv"), "a,b\n1,\"never closed\n2,3\n");
        try (DatasetViewer v = DatasetViewer.open(db, new DirectoryFiles(bad), ViewerLimits.defaults(dir.resolve("local-bad")), Clock.systemUTC())) {
            Repo r = repo("lab/bad");
            for (String split : List.of("train", "test")) {
                try {
                    v.firstRows(r, "default", split);
                } catch (ChorusException e) {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                    assertThat(e.getMessage()).contains("cannot read lab/bad").doesNotContain(dir.toString());
                }
            }
            assertThat(viewer.rows(repo, "default", "test", 0, 1).rows()).hasSize(1); // the viewer still answers
        }
    }

    @Test
    void aSplitWiderThanTheLimitIsA400BeforeAnyExpensiveWork() throws Exception {
        // Prepare: a 10,000-column, 3-row CSV and a 5,000-column, 1-row Parquet file (each ran DuckDB out of memory)
        Path wide = Files.createDirectories(dir.resolve("wide"));
        StringBuilder csv = new StringBuilder();
        for (int row = -1; row < 3; row++) {
            for (int c = 0; c < 10_000; c++) {
                csv.append(c == 0 ? "" : ",").append(row < 0 ? "c" + c : Integer.toString(row * c));
            }
            csv.append('\n');
        }
        Files.writeString(wide.resolve("train.csv"), csv);
        StringBuilder select = new StringBuilder("SELECT 0 AS c0");
        for (int c = 1; c < 5_000; c++) {
            select.append(", ").append(c).append(" AS c").append(c);
        }
        try (var c = DriverManager.getConnection("jdbc:duckdb:"); var st = c.createStatement()) {
            st.execute("COPY (" + select + ") TO '" + wide.resolve("test.parquet") + "' (FORMAT parquet)");
        }
        List<String> outcomes = new ArrayList<>();
        // Execute
        try (DatasetViewer v = DatasetViewer.open(db, new DirectoryFiles(wide), ViewerLimits.defaults(dir.resolve("local-wide")), Clock.systemUTC())) {
            Repo r = repo("lab/wide");
            List<Callable<Object>> calls = List.of(() -> v.isValid(r), () -> v.firstRows(r, "default", "train"),
                    () -> v.rows(r, "default", "train", 0, 10), () -> v.statistics(r, "default", "train"), () -> v.statistics(r, "default", "test"),
                    () -> v.firstRows(r, "default", "test"));
            for (Callable<Object> call : calls) {
                try {
                    call.call();
                    outcomes.add("answered");
                } catch (ChorusException e) {
                    outcomes.add(e.code() + " " + e.getMessage());
                }
            }
        }
        // Assert
        assertThat(outcomes.subList(0, 4)).allSatisfy(o -> assertThat(o)
                .isEqualTo("INVALID_ARGUMENT split default/train has 10000 columns; the dataset viewer shows splits of at most 200"));
        assertThat(outcomes.subList(4, 6)).allSatisfy(o -> assertThat(o)
                .isEqualTo("INVALID_ARGUMENT split default/test has 5000 columns; the dataset viewer shows splits of at most 200"));
    }

    @Test
    void aSplitAtTheColumnLimitIsShownWithItsStatistics() throws Exception {
        // Prepare: 200 columns, 3 rows
        Path edge = Files.createDirectories(dir.resolve("edge"));
        StringBuilder csv = new StringBuilder();
        for (int row = -1; row < 3; row++) {
            for (int c = 0; c < 200; c++) {
                csv.append(c == 0 ? "" : ",").append(row < 0 ? "c" + c : Integer.toString(row * c));
            }
            csv.append('\n');
        }
        Files.writeString(edge.resolve("train.csv"), csv);
        // Execute
        List<ColumnStatistics> stats;
        RowsPage page;
        try (DatasetViewer v = DatasetViewer.open(db, new DirectoryFiles(edge), ViewerLimits.defaults(dir.resolve("local-edge")), Clock.systemUTC())) {
            Repo r = repo("lab/edge");
            page = v.rows(r, "default", "train", 0, 10);
            stats = v.statistics(r, "default", "train").statistics();
        }
        // Assert
        assertThat(page.rows()).hasSize(3);
        assertThat(page.rows().get(2).row()).containsEntry("c199", 398L);
        assertThat(stats).hasSize(200);
    }

    @Test
    void duckDbReadsNoFileOutsideItsDirectoryAndStopsAtTheTimeLimit() {
        try (DuckRunner runner = new DuckRunner(ViewerLimits.defaults(dir.resolve("local")).withTimeLimit(Duration.ofSeconds(1)))) {
            assertThatThrownBy(() -> runner.run("x", d -> d.query("SELECT * FROM read_csv('/etc/passwd')", List.of())))
                    .hasMessageContaining("disabled by configuration");
            assertThatThrownBy(() -> runner.run("x", d -> d.query("SET enable_external_access = true", List.of())))
                    .isInstanceOf(ChorusException.class);
            assertThatThrownBy(() -> runner.run("a long query", d -> d.query("SELECT count(*) FROM range(1000000000000) a WHERE hash(a.range) = 1", List.of())))
                    .isInstanceOf(ChorusException.class).hasMessageContaining("time limit")
                    .satisfies(e -> assertThat(((ChorusException) e).code()).isEqualTo(ErrorCode.UNAVAILABLE));
        }
    }

    @Test
    void aFullPoolAnswersBusyInsteadOfQueueingForever() throws Exception {
        ViewerLimits one = new ViewerLimits(dir.resolve("local"), 1, 1, "256MB", 1, Duration.ofSeconds(2), 1 << 20, 1L << 30);
        try (DuckRunner runner = new DuckRunner(one)) {
            ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Callable<String> call = () -> {
                    try {
                        runner.run("slow", d -> d.query("SELECT count(*) FROM range(1000000000000) a WHERE hash(a.range) = 1", List.of()));
                        return "done";
                    } catch (ChorusException e) {
                        return e.getMessage();
                    }
                };
                answers.add(callers.submit(call));
            }
            List<String> outcomes = new ArrayList<>();
            for (Future<String> f : answers) {
                outcomes.add(f.get());
            }
            callers.close();
            assertThat(outcomes).anySatisfy(m -> assertThat(m).contains("busy"));
            assertThat(outcomes).anySatisfy(m -> assertThat(m).contains("time limit"));
        }
    }

    /** {@code n,word} rows, as many as fit in {@code length} bytes, made as they are read (never held whole). */
    private static final class GeneratedCsv extends InputStream {
        private final long length;
        private long at;
        private long row;
        private byte[] line = "n,word\n".getBytes(StandardCharsets.UTF_8);
        private int pos;

        GeneratedCsv(long length) {
            this.length = length;
        }

        @Override
        public int read() {
            if (at >= length) {
                return -1;
            }
            if (pos == line.length) {
                line = (row + ",w" + row + "\n").getBytes(StandardCharsets.UTF_8);
                row++;
                pos = 0;
            }
            at++;
            return line[pos++];
        }
    }
}
