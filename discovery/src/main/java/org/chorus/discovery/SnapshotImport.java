package org.chorus.discovery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.core.Names;
import org.chorus.core.NulText;
import org.chorus.hub.repos.RepoRows;
import org.chorus.hub.repos.RepoType;

/**
 * Reads a hub snapshot's Parquet file with DuckDB: first its schema (a file that is not Parquet, lacks {@code id},
 * has a known column of another type, or holds more than the allowed rows is refused before any row is read), then
 * its rows, each checked as the hub checks its own (owner and name by {@link Names}; tags without tabs; values cut to
 * the columns' sizes). A row whose id is not {@code owner/name} (the Hub's few legacy ids without an owner take their
 * {@code author}), or that holds a NUL in any text, is skipped and counted.
 */
final class SnapshotImport {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int MAX_TEXT = 200;
    static final int MAX_CARD = 65_536;
    static final int MAX_TAG = 200;
    static final int MAX_TAGS = 500;

    /** One repository of the snapshot, as stored in {@code ecosystem_repos}. */
    record Row(String owner, String name, long createdAt, long lastModified, String sha, long downloads, long downloadsAllTime,
               long likes, long trendingScore, String pipelineTag, String libraryName, List<String> tags, String cardData) {}

    private SnapshotImport() {}

    /**
     * Streams the file's valid rows to {@code sink} and returns how many were skipped; INVALID_ARGUMENT or
     * PAYLOAD_TOO_LARGE (more than {@code maxRows}) before the first row if the file is not a snapshot of {@code kind}.
     */
    static long read(Path file, RepoType kind, long maxRows, Consumer<Row> sink) {
        try (Connection duck = SnapshotExport.duckdb(); Statement st = duck.createStatement()) {
            String source = "read_parquet(" + SnapshotExport.quote(file) + ")";
            Map<String, String> types = new HashMap<>();
            try (ResultSet rs = st.executeQuery("DESCRIBE SELECT * FROM " + source)) {
                while (rs.next()) {
                    types.put(rs.getString("column_name"), rs.getString("column_type"));
                }
            } catch (SQLException e) {
                throw ChorusException.invalid("the file is not a Parquet file DuckDB can read");
            }
            List<SnapshotSchema.Column> present = SnapshotSchema.of(kind).stream().filter(c -> types.containsKey(c.name())).toList();
            if (present.stream().noneMatch(c -> c.name().equals("id"))) {
                throw ChorusException.invalid("not a hub snapshot: the file has no column 'id' (columns: "
                        + types.keySet().stream().sorted().limit(20).collect(Collectors.joining(", ")) + ")");
            }
            for (SnapshotSchema.Column c : present) {
                String wrong = SnapshotSchema.mismatch(c, types.get(c.name()));
                if (wrong != null) {
                    throw ChorusException.invalid("not a hub snapshot: " + wrong);
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + source)) {
                rs.next();
                if (rs.getLong(1) > maxRows) {
                    throw new ChorusException(ErrorCode.PAYLOAD_TOO_LARGE, "the snapshot holds " + rs.getLong(1) + " rows; at most "
                            + maxRows + " are imported at once");
                }
            }
            String select = present.stream().map(c -> expression(c) + " AS \"" + c.name() + "\"").collect(Collectors.joining(", "));
            long skipped = 0;
            try (ResultSet rs = st.executeQuery("SELECT " + select + " FROM " + source)) {
                Set<String> columns = present.stream().map(SnapshotSchema.Column::name).collect(Collectors.toSet());
                while (rs.next()) {
                    Row row = row(rs, columns);
                    if (row == null || holdsNul(rs, columns)) {
                        skipped++;
                    } else {
                        sink.accept(row);
                    }
                }
            }
            return skipped;
        } catch (SQLException e) {
            throw ChorusException.invalid("the snapshot could not be read: " + firstLine(e.getMessage()));
        }
    }

    /** The column as the row reader wants it: numbers as BIGINT, times as epoch milliseconds, nested values as JSON. */
    private static String expression(SnapshotSchema.Column c) {
        String col = "\"" + c.name() + "\"";
        return switch (c.type()) {
            case TEXT, FLAG -> col;
            case NUMBER -> "TRY_CAST(" + col + " AS BIGINT)";
            case TIME -> "epoch_ms(TRY_CAST(" + col + " AS TIMESTAMP WITH TIME ZONE))";
            case TAGS, JSON, BASE_MODELS, SAFETENSORS -> "CAST(to_json(" + col + ") AS VARCHAR)";
        };
    }

    private static Row row(ResultSet rs, Set<String> columns) throws SQLException {
        String id = rs.getString("id");
        String author = columns.contains("author") ? rs.getString("author") : null;
        if (id == null) {
            return null;
        }
        int slash = id.indexOf('/');
        String owner = slash < 0 ? author : id.substring(0, slash);
        String name = slash < 0 ? id : id.substring(slash + 1);
        if (!valid(owner) || !valid(name)) {
            return null;
        }
        long created = number(rs, columns, "createdAt");
        long modified = number(rs, columns, "lastModified");
        List<String> tags = tags(columns.contains("tags") ? rs.getString("tags") : null);
        if (columns.contains("baseModels")) {
            addBaseModels(tags, rs.getString("baseModels"));
        }
        return new Row(owner, name, created == 0 ? modified : created, modified == 0 ? created : modified,
                cut(text(rs, columns, "sha"), 64), number(rs, columns, "downloads"), number(rs, columns, "downloadsAllTime"),
                number(rs, columns, "likes"), number(rs, columns, "trendingScore"), cut(text(rs, columns, "pipeline_tag"), MAX_TEXT),
                cut(text(rs, columns, "library_name"), MAX_TEXT), List.copyOf(tags), card(columns.contains("cardData") ? rs.getString("cardData") : null));
    }

    /**
     * Whether any text of the row, nested values included, holds U+0000: PostgreSQL's text cannot store it, so such a
     * row is skipped like one with a bad id, on either database ({@link NulText}). A NUL reaches JSON text from DuckDB's
     * {@code to_json} as the escape {@code \u0000}.
     */
    private static boolean holdsNul(ResultSet rs, Set<String> columns) throws SQLException {
        for (String column : columns) {
            String text = rs.getString(column);
            if (NulText.contains(text) || (text != null && text.contains("\\u0000"))) {
                return true;
            }
        }
        return false;
    }

    private static boolean valid(String name) {
        try {
            Names.require("name", name);
            return true;
        } catch (ChorusException e) {
            return false;
        }
    }

    private static long number(ResultSet rs, Set<String> columns, String column) throws SQLException {
        return columns.contains(column) ? Math.max(0, rs.getLong(column)) : 0;
    }

    private static String text(ResultSet rs, Set<String> columns, String column) throws SQLException {
        return columns.contains(column) ? rs.getString(column) : null;
    }

    private static String cut(String s, int max) {
        return s == null || s.isEmpty() || s.length() > max ? null : s;
    }

    private static List<String> tags(String json) {
        Set<String> out = new LinkedHashSet<>();
        JsonNode node = parse(json);
        if (node != null && node.isArray()) {
            for (JsonNode t : node) {
                String tag = t.isTextual() ? t.asText() : null;
                if (tag != null && !tag.isBlank() && tag.length() <= MAX_TAG && tag.indexOf('\t') < 0 && tag.indexOf('\n') < 0 && out.size() < MAX_TAGS) {
                    out.add(tag);
                }
            }
        }
        return new ArrayList<>(out);
    }

    /** The base models as tags too (a snapshot may hold {@code baseModels} without the Hub's tags for them). */
    private static void addBaseModels(List<String> tags, String json) {
        JsonNode node = parse(json);
        if (node == null || !node.isObject()) {
            return;
        }
        String relation = node.path("relation").isTextual() ? node.path("relation").asText() : null;
        if (relation != null && !relation.matches("[a-z_-]{1,32}")) {
            relation = null;
        }
        for (JsonNode m : node.path("models")) {
            String repo = m.path("id").asText("");
            if (!repo.isEmpty() && repo.length() <= MAX_TAG && repo.indexOf('\t') < 0 && repo.indexOf('\n') < 0) {
                for (String tag : BaseModelTags.of(relation, repo)) {
                    if (!tags.contains(tag)) {
                        tags.add(tag);
                    }
                }
            }
        }
    }

    /** The card's front matter as a JSON object's text, or null; a JSON string holding JSON (hub-stats' form) is unwrapped. */
    private static String card(String json) {
        JsonNode node = parse(json);
        if (node != null && node.isTextual()) {
            node = parse(node.asText());
        }
        if (node == null || !node.isObject()) {
            return null;
        }
        String text = node.toString();
        return text.length() > MAX_CARD ? null : text;
    }

    private static JsonNode parse(String json) {
        if (json == null || json.isEmpty()) {
            return null;
        }
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String firstLine(String message) {
        String m = message == null ? "" : message.lines().findFirst().orElse("");
        // DuckDB names the file it read: this server's scratch file, not the caller's name
        return m.replaceAll("'[^']*'", "'…'");
    }

    /** Writes rows to the import's table in batches (the caller's transaction per batch). */
    static void insert(org.jdbi.v3.core.Handle h, String importId, RepoType kind, long firstRowNo, List<Row> rows) {
        var batch = h.prepareBatch("INSERT INTO ecosystem_repos (import_id, row_no, kind, owner, name, created_at, last_modified, sha,"
                + " downloads, downloads_all_time, likes, trending_score, pipeline_tag, library_name, tags, card_data)"
                + " VALUES (:import, :no, :kind, :owner, :name, :created, :modified, :sha, :downloads, :all, :likes, :trending,"
                + " :pipeline, :library, :tags, :card)");
        long no = firstRowNo;
        for (Row r : rows) {
            batch.bind("import", importId).bind("no", no++).bind("kind", kind.wire()).bind("owner", r.owner()).bind("name", r.name())
                    .bind("created", r.createdAt()).bind("modified", r.lastModified()).bind("sha", r.sha()).bind("downloads", r.downloads())
                    .bind("all", r.downloadsAllTime()).bind("likes", r.likes()).bind("trending", r.trendingScore())
                    .bind("pipeline", r.pipelineTag()).bind("library", r.libraryName())
                    .bind("tags", RepoRows.tagsColumn(r.tags())).bind("card", r.cardData()).add();
        }
        batch.execute();
    }
}
