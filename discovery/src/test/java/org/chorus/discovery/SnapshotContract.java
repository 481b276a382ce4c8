package org.chorus.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.TermQuery;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.core.MutableClock;
import org.chorus.core.db.Database;
import org.chorus.hub.accounts.Principal;
import org.chorus.hub.repos.CommitOp;
import org.chorus.hub.repos.CommitRequest;
import org.chorus.hub.repos.FileCommits;
import org.chorus.hub.repos.FileEntry;
import org.chorus.hub.repos.Repo;
import org.chorus.hub.repos.RepoId;
import org.chorus.hub.repos.RepoType;
import org.chorus.hub.repos.Repos;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snapshots out and in: an export holds the public repositories in the hub-stats columns and lands as a commit in a
 * dataset repository; the weekly export runs on one node per week and is taken over after a crash; a file in the
 * public schema (generated here with DuckDB) becomes a named ecosystem with its own index; a file that is not a
 * snapshot is refused with nothing imported.
 */
abstract class SnapshotContract {
    static final RepoId TARGET = RepoId.of(RepoType.DATASET, "admin", "hub-stats");
    @TempDir
    Path dir;
    final MutableClock clock = new MutableClock(Instant.parse("2026-03-10T12:00:00.123Z"));
    Database db;
    Repos repos;
    FileCommits commits;
    Principal admin;
    Principal alice;
    Discovery hub;
    Ecosystems ecosystems;
    final List<AutoCloseable> opened = new ArrayList<>();

    abstract Database newDatabase(Path dir);

    @BeforeEach
    void setUp() {
        db = newDatabase(dir);
        HubWorld world = new HubWorld(db, dir, clock);
        admin = world.admin;
        repos = world.repos;
        commits = FileCommits.create(repos, world.largeFiles);
        alice = world.user("alice");
        card("bert", false, "pipeline_tag: fill-mask\nlibrary_name: transformers\nlicense: mit");
        card("gpt", false, "pipeline_tag: text-generation\nlicense: apache-2.0\nbase_model: alice/bert\nbase_model_relation: finetune");
        card("secret", true, "pipeline_tag: text-generation\nlicense: mit");
        repos.create(alice, RepoId.of(RepoType.DATASET, "alice", "corpus"), false);
        repos.create(alice, RepoId.of(RepoType.DATASET, "alice", "hidden"), true);
        hub = Discovery.open(db, repos, dir.resolve("index"), clock);
        opened.add(hub);
        ecosystems = Ecosystems.open(db, hub, dir.resolve("ecosystems"), clock, 1_000);
        opened.add(ecosystems);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : opened.reversed()) {
            c.close();
        }
        if (db != null) {
            db.close();
        }
    }

    private void card(String name, boolean isPrivate, String yaml) {
        repos.create(alice, RepoId.of(RepoType.MODEL, "alice", name), isPrivate);
        repos.commit(alice, RepoId.of(RepoType.MODEL, "alice", name), new CommitRequest("main", "card", null, null,
                List.of(new CommitOp.AddFile("README.md", ("---\n" + yaml + "\n---\n# " + name + "\n").getBytes(StandardCharsets.UTF_8)))));
        clock.advance(Duration.ofMinutes(1));
    }

    Snapshots snapshots() {
        Snapshots s = Snapshots.manual(db, repos, commits, dir.resolve("scratch"), clock);
        opened.add(s);
        return s;
    }

    /** The committed file, copied out of the repository to read it with DuckDB. */
    Path committed(String name) throws IOException {
        Repo repo = repos.get(Optional.of(admin), TARGET);
        FileEntry file = repos.file(repo, "main", name);
        long size = file.lfs() != null ? file.lfs().size() : file.size();
        Path out = Files.createTempFile(dir, "committed-", ".parquet");
        try (InputStream in = repos.open(repo, file, 0, size)) {
            Files.write(out, in.readAllBytes());
        }
        return out;
    }

    static List<String> column(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection duck = SnapshotExport.duckdb(); Statement st = duck.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    static void duck(String... statements) throws SQLException {
        try (Connection duck = SnapshotExport.duckdb(); Statement st = duck.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }

    static String q(Path p) {
        return SnapshotExport.quote(p);
    }

    @Test
    void exportCommitsThePublicRepositoriesInTheHubStatsColumns() throws Exception {
        assertThatThrownBy(() -> snapshots().export(alice, TARGET)).isInstanceOf(ChorusException.class)
                .extracting(e -> ((ChorusException) e).code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
        Snapshots.Exported e = snapshots().export(admin, TARGET);
        assertThat(e.models()).isEqualTo(2);
        assertThat(e.datasets()).isEqualTo(1);
        assertThat(repos.get(Optional.empty(), TARGET).sha()).isEqualTo(e.sha());

        Path models = committed("models.parquet");
        assertThat(column("SELECT column_name FROM (DESCRIBE SELECT * FROM read_parquet(" + q(models) + "))"))
                .containsExactlyElementsOf(SnapshotSchema.of(RepoType.MODEL).stream().map(SnapshotSchema.Column::name).toList());
        assertThat(column("SELECT column_type FROM (DESCRIBE SELECT * FROM read_parquet(" + q(models) + ")) WHERE column_name = 'createdAt'"))
                .containsExactly("TIMESTAMP WITH TIME ZONE");
        // the private model is not in it
        assertThat(column("SELECT id FROM read_parquet(" + q(models) + ") ORDER BY id")).containsExactly("alice/bert", "alice/gpt");
        assertThat(column("SELECT baseModels.relation || ' ' || baseModels.models[1].id FROM read_parquet(" + q(models) + ") WHERE id = 'alice/gpt'"))
                .containsExactly("finetune alice/bert");
        assertThat(column("SELECT json_extract_string(cardData, '$.license') FROM read_parquet(" + q(models) + ") WHERE id = 'alice/bert'"))
                .containsExactly("mit");
        assertThat(column("SELECT epoch_ms(createdAt) FROM read_parquet(" + q(models) + ") WHERE id = 'alice/bert'"))
                .containsExactly(Long.toString(Instant.parse("2026-03-10T12:00:00.123Z").toEpochMilli()));
        assertThat(column("SELECT id FROM read_parquet(" + q(committed("datasets.parquet")) + ")")).containsExactly("alice/corpus");
        assertThat(Files.readString(committed("README.md"))).contains("`downloadsAllTime`", "Private repositories are never included");
    }

    @Test
    void theWeeklyExportRunsOnOneNodePerWeekAndIsTakenOverAfterACrash() {
        Snapshots a = snapshots();
        Snapshots b = snapshots();
        assertThat(a.exportIfDue()).as("no repository named yet").isEmpty();
        snapshots().export(admin, TARGET);
        assertThat(a.exportIfDue()).isPresent();
        assertThat(b.exportIfDue()).as("this week's export is done").isEmpty();
        assertThat(a.exportIfDue()).isEmpty();

        clock.advance(Duration.ofDays(7));
        String week = Snapshots.isoWeek(clock.instant());
        db.useTransaction(h -> h.createUpdate("INSERT INTO snapshot_exports (week, repo, node, leased_until) VALUES (:w, 'admin/hub-stats', 'crashed', :u)")
                .bind("w", week).bind("u", clock.millis() + Snapshots.LEASE_MILLIS).execute());
        assertThat(b.exportIfDue()).as("another node holds the lease").isEmpty();
        clock.advance(Duration.ofMillis(Snapshots.LEASE_MILLIS + 1));
        Optional<Snapshots.Exported> taken = b.exportIfDue();
        assertThat(taken).isPresent();
        assertThat(a.exportIfDue()).isEmpty();
        assertThat(repos.commits(repos.get(Optional.empty(), TARGET), "main", 0, 10).items()).hasSize(4); // create + 3 snapshots
        String sha = db.withHandle(h -> h.createQuery("SELECT sha FROM snapshot_exports WHERE week = :w").bind("w", week).mapTo(String.class).one());
        assertThat(sha).isEqualTo(taken.get().sha());
    }

    /** A models file shaped like the public hub-stats one, with columns Chorus ignores and a legacy id without owner. */
    Path publicModels(int extra) throws SQLException {
        Path file = dir.resolve("models-" + extra + ".parquet");
        List<String> statements = new ArrayList<>(List.of(
                "CREATE TABLE m (id VARCHAR, author VARCHAR, gated VARCHAR, createdAt TIMESTAMP WITH TIME ZONE, lastModified TIMESTAMP WITH TIME ZONE,"
                        + " downloads BIGINT, downloadsAllTime BIGINT, likes BIGINT, trendingScore DOUBLE, pipeline_tag VARCHAR, library_name VARCHAR,"
                        + " tags VARCHAR[], cardData VARCHAR, baseModels STRUCT(relation VARCHAR, models STRUCT(id VARCHAR)[]),"
                        + " safetensors STRUCT(parameters MAP(VARCHAR, BIGINT), total BIGINT), siblings STRUCT(rfilename VARCHAR)[])",
                "INSERT INTO m VALUES ('meta/llama', 'meta', 'manual', TIMESTAMPTZ '2024-01-02 05:04:05.678+02', TIMESTAMPTZ '2024-02-01 00:00:00+00',"
                        + " 900, 5000, 10, 3.5, 'text-generation', 'transformers', ['text-generation', 'license:llama3', 'en'],"
                        + " '{\"license\": \"llama3\", \"language\": [\"en\"]}', NULL, {'parameters': MAP {'BF16': 8000000000}, 'total': 8000000000},"
                        + " [{'rfilename': 'config.json'}])",
                "INSERT INTO m VALUES ('bob/llama-ft', 'bob', 'false', TIMESTAMPTZ '2024-03-01 00:00:00+00', NULL, 40, 60, 1, 0, 'text-generation',"
                        + " 'peft', ['text-generation'], NULL, {'relation': 'adapter', 'models': [{'id': 'meta/llama'}]}, NULL, [])",
                "INSERT INTO m VALUES ('gpt2', NULL, 'false', NULL, NULL, 1, 1, 1, 0, NULL, NULL, [], NULL, NULL, NULL, [])"));
        for (int i = 0; i < extra; i++) {
            statements.add("INSERT INTO m VALUES ('org" + i + "/m" + i + "', 'org" + i + "', 'false', NULL, NULL, " + i + ", " + i + ", 0, 0,"
                    + " 'fill-mask', NULL, ['fill-mask'], NULL, {'relation': 'quantized', 'models': [{'id': 'bob/llama-ft'}]}, NULL, [])");
        }
        statements.add("COPY m TO " + q(file) + " (FORMAT parquet)");
        duck(statements.toArray(String[]::new));
        return file;
    }

    long rows(String table) {
        return db.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Long.class).one());
    }

    static int docs(Ecosystem index) {
        return index.read(Optional.empty(), (view, visible) -> view.searcher.getIndexReader().numDocs());
    }

    static long count(Ecosystem index, String field, String value) {
        return index.read(Optional.empty(), (view, visible) -> (long) view.searcher.count(new TermQuery(new Term(field, value))));
    }

    @Test
    void aHubStatsFileBecomesANamedEcosystemWithItsOwnIndex() throws Exception {
        Ecosystems.Imported imported = ecosystems.importFile(publicModels(3), "hf", RepoType.MODEL, "models.parquet");
        assertThat(imported).isEqualTo(new Ecosystems.Imported("hf", RepoType.MODEL, 5, 1));
        assertThat(ecosystems.list()).extracting(Ecosystems.Ecosystem::name, Ecosystems.Ecosystem::models).containsExactly(
                org.assertj.core.groups.Tuple.tuple("hub", -1L), org.assertj.core.groups.Tuple.tuple("hf", 5L));

        Ecosystem hf = ecosystems.index("hf");
        assertThat(docs(hf)).isEqualTo(5);
        assertThat(count(hf, RepoDocuments.TAG, "base_model:adapter:meta/llama")).as("baseModels became the Hub's tags").isEqualTo(1);
        assertThat(count(hf, RepoDocuments.TAG, "base_model:quantized:bob/llama-ft")).isEqualTo(3);
        assertThat(count(hf, RepoDocuments.OWNER, "meta")).isEqualTo(1);
        assertThat(count(hf, RepoDocuments.PRIVATE, RepoDocuments.NO)).isEqualTo(5);
        Repo llama = hf.read(Optional.empty(), (view, visible) -> {
            var top = view.searcher.search(new TermQuery(new Term(RepoDocuments.OWNER, "meta")), 1);
            var doc = view.searcher.storedFields().document(top.scoreDocs[0].doc);
            return RepoDocuments.repo(doc.get(RepoDocuments.ID), doc.get(RepoDocuments.ROW));
        });
        assertThat(llama.fullName()).isEqualTo("meta/llama");
        assertThat(llama.downloads()).isEqualTo(900);
        assertThat(llama.createdAt()).isEqualTo(Instant.parse("2024-01-02T03:04:05.678Z"));
        assertThat(llama.cardData()).containsEntry("license", "llama3");
        assertThat(llama.tags()).contains("license:llama3");
        // the live hub is its own ecosystem, untouched
        assertThat(ecosystems.index("hub")).isSameAs(hub);
        assertThat(count(ecosystems.index(null), RepoDocuments.OWNER, "meta")).isZero();

        // a second node over the same database builds the same index from SQL
        try (Ecosystems other = Ecosystems.open(db, hub, dir.resolve("other"), clock)) {
            assertThat(count(other.index("hf"), RepoDocuments.TAG, "base_model:quantized:bob/llama-ft")).isEqualTo(3);
        }

        // re-importing replaces the ecosystem's models; the old rows are deleted
        ecosystems.importFile(publicModels(0), "hf", RepoType.MODEL, "models.parquet");
        assertThat(docs(ecosystems.index("hf"))).isEqualTo(2);
        assertThat(rows("ecosystem_repos")).isEqualTo(2);

        ecosystems.delete("hf");
        assertThat(ecosystems.list()).extracting(Ecosystems.Ecosystem::name).containsExactly("hub");
        assertThatThrownBy(() -> ecosystems.index("hf")).extracting(e -> ((ChorusException) e).code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(rows("ecosystem_repos")).isZero();
    }

    @Test
    void theHubsOwnExportImportsAsAnEcosystem() throws Exception {
        snapshots().export(admin, TARGET);
        ecosystems.importFile(committed("models.parquet"), "mirror", RepoType.MODEL, null);
        ecosystems.importFile(committed("datasets.parquet"), "mirror", RepoType.DATASET, null);
        assertThat(ecosystems.list().get(1)).extracting(Ecosystems.Ecosystem::models, Ecosystems.Ecosystem::datasets).containsExactly(2L, 1L);
        Ecosystem mirror = ecosystems.index("mirror");
        assertThat(count(mirror, RepoDocuments.TAG, "base_model:finetune:alice/bert")).isEqualTo(1);
        assertThat(count(mirror, RepoDocuments.KIND, "dataset")).isEqualTo(1);
    }

    @Test
    void aFileThatIsNotASnapshotIsRefusedWithNothingImported() throws Exception {
        Path garbage = dir.resolve("garbage.parquet");
        Files.write(garbage, "PAR1 this is not parquet at all".getBytes(StandardCharsets.UTF_8));
        Path noId = dir.resolve("no-id.parquet");
        Path wrongType = dir.resolve("wrong-type.parquet");
        Path tooMany = dir.resolve("too-many.parquet");
        duck("COPY (SELECT 'x' AS name, 1 AS downloads) TO " + q(noId) + " (FORMAT parquet)",
                "COPY (SELECT 'a/b' AS id, 'many' AS downloads) TO " + q(wrongType) + " (FORMAT parquet)",
                "COPY (SELECT 'o/m' || i AS id FROM range(1001) t(i)) TO " + q(tooMany) + " (FORMAT parquet)");
        record Case(Path file, String name, ErrorCode code, String message) {}
        for (Case c : List.of(new Case(garbage, "x", ErrorCode.INVALID_ARGUMENT, "not a Parquet file"),
                new Case(noId, "x", ErrorCode.INVALID_ARGUMENT, "no column 'id'"),
                new Case(wrongType, "x", ErrorCode.INVALID_ARGUMENT, "column downloads is VARCHAR"),
                new Case(tooMany, "x", ErrorCode.PAYLOAD_TOO_LARGE, "1001 rows"),
                new Case(publicModels(0), "hub", ErrorCode.INVALID_ARGUMENT, "live hub"),
                new Case(publicModels(0), "../etc", ErrorCode.INVALID_ARGUMENT, "ecosystem name"))) {
            assertThatThrownBy(() -> ecosystems.importFile(c.file(), c.name(), RepoType.MODEL, null)).as(c.file() + " as " + c.name())
                    .isInstanceOf(ChorusException.class).hasMessageContaining(c.message())
                    .extracting(e -> ((ChorusException) e).code()).isEqualTo(c.code());
        }
        assertThat(ecosystems.list()).extracting(Ecosystems.Ecosystem::name).containsExactly("hub");
        assertThat(rows("ecosystem_repos")).isZero();
        assertThat(rows("ecosystem_imports")).isZero();
    }
}
