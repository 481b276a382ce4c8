package org.chorus.discovery;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chorus.core.db.Database;
import org.chorus.hub.repos.Repo;
import org.chorus.hub.repos.RepoRows;
import org.chorus.hub.repos.RepoType;

/**
 * Writes the hub's public repositories as {@code models.parquet} and {@code datasets.parquet} ({@link SnapshotSchema}):
 * rows read from SQL in id order, 1,000 at a time, streamed as JSON lines to a scratch file, which DuckDB (embedded,
 * in memory) converts to Parquet. Private repositories are never read.
 */
final class SnapshotExport {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BATCH = 1_000;
    private static final String SELECT = "SELECT " + RepoRows.COLUMNS + RepoRows.FROM + " WHERE r.kind = :kind AND r.private = :private AND r.id > :after ORDER BY r.id LIMIT " + BATCH;

    /** How many repositories of each kind a snapshot holds. */
    record Counts(long models, long datasets) {}

    private SnapshotExport() {}

    /** Writes both files into {@code dir} (which must exist) and says how many rows each holds. */
    static Counts write(Database db, Path dir) {
        return new Counts(write(db, dir, RepoType.MODEL), write(db, dir, RepoType.DATASET));
    }

    private static long write(Database db, Path dir, RepoType kind) {
        Path lines = dir.resolve(kind.wire() + "s.jsonl");
        long count = 0;
        try {
            try (OutputStream out = Files.newOutputStream(lines);
                 JsonGenerator json = new JsonFactory(JSON).createGenerator(out).setRootValueSeparator(new com.fasterxml.jackson.core.io.SerializedString("\n"))) {
                String after = "";
                while (true) {
                    String from = after;
                    List<Repo> rows = db.withHandle(h -> h.createQuery(SELECT).bind("kind", kind.wire()).bind("private", false)
                            .bind("after", from).map((rs, ctx) -> RepoRows.repo(rs)).list());
                    for (Repo r : rows) {
                        json.writeObject(row(r));
                    }
                    count += rows.size();
                    if (rows.size() < BATCH) {
                        break;
                    }
                    after = rows.getLast().id();
                }
            }
            convert(lines, dir.resolve(SnapshotSchema.fileName(kind)), kind);
            return count;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the " + kind.wire() + " snapshot in " + dir, e);
        } finally {
            try {
                Files.deleteIfExists(lines);
            } catch (IOException e) {
                // a scratch file in the export's own temporary directory, removed with it
            }
        }
    }

    /**
     * An in-memory DuckDB whose session zone is UTC, so that times convert between epoch milliseconds and
     * {@code TIMESTAMP WITH TIME ZONE} exactly, whatever the server's zone.
     */
    static Connection duckdb() throws SQLException {
        Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement st = duck.createStatement()) {
            st.execute("SET TimeZone = 'UTC'");
        } catch (SQLException e) {
            duck.close();
            throw e;
        }
        return duck;
    }

    private static void convert(Path lines, Path parquet, RepoType kind) {
        try (Connection duck = duckdb(); Statement st = duck.createStatement()) {
            // both paths are this server's own scratch files, never a caller's text
            st.execute("COPY (SELECT " + SnapshotSchema.parquetSelect(kind) + " FROM read_json(" + quote(lines)
                    + ", format = 'newline_delimited', columns = " + SnapshotSchema.jsonColumns(kind) + ")) TO " + quote(parquet)
                    + " (FORMAT parquet, COMPRESSION zstd)");
        } catch (SQLException e) {
            throw new IllegalStateException("DuckDB could not write " + parquet.getFileName(), e);
        }
    }

    static String quote(Path p) {
        return "'" + p.toAbsolutePath().toString().replace("'", "''") + "'";
    }

    /** A repository as one JSON line of the snapshot's columns. */
    private static Map<String, Object> row(Repo r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.fullName());
        m.put("author", r.repoId().owner());
        m.put("sha", r.sha());
        m.put("createdAt", r.createdAt().toEpochMilli());
        m.put("lastModified", r.lastModified().toEpochMilli());
        m.put("private", false);
        m.put("downloads", r.downloads());
        m.put("downloadsAllTime", r.downloadsAllTime());
        m.put("likes", r.likes());
        m.put("trendingScore", r.trendingScore());
        m.put("tags", r.tags());
        m.put("cardData", cardJson(r.cardData()));
        if (r.type() == RepoType.MODEL) {
            m.put("pipeline_tag", r.pipelineTag());
            m.put("library_name", r.libraryName());
            m.put("baseModels", baseModels(r.tags()));
            m.put("safetensors", null);
        }
        return m;
    }

    private static String cardJson(Map<String, Object> card) {
        try {
            return card == null ? null : JSON.writeValueAsString(card);
        } catch (IOException e) {
            return null;
        }
    }

    /** {@code {relation, models: [{id}]}} from the {@code base_model:{relation}:{repo}} tags the hub derives from cards. */
    static Map<String, Object> baseModels(List<String> tags) {
        String relation = null;
        List<Map<String, String>> models = new ArrayList<>();
        for (String t : tags) {
            if (!t.startsWith(BaseModelTags.PREFIX)) {
                continue;
            }
            BaseModelTags.Parsed p = BaseModelTags.parse(t);
            if (p.relation() != null) {
                relation = p.relation();
                models.add(Map.of("id", p.repo()));
            }
        }
        if (models.isEmpty()) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("relation", relation);
        m.put("models", models);
        return m;
    }
}
