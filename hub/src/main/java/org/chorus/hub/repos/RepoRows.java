package org.chorus.hub.repos;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Reading and writing {@code hub_repos} rows. */
public final class RepoRows {
    static final ObjectMapper JSON = new ObjectMapper();
    /** The columns {@link #repo} reads, over {@code hub_repos r} joined with the owner's {@code accounts a}. */
    public static final String COLUMNS = "r.id, r.kind, r.owner_id, a.name AS owner_name, r.name, r.private, r.created_at, r.last_modified,"
            + " r.sha, r.downloads_30d AS downloads, r.downloads AS downloads_all_time, r.likes, r.pipeline_tag, r.library_name, r.tags, r.card_data,"
            + " r.trending_score";
    public static final String FROM = " FROM hub_repos r JOIN accounts a ON a.id = r.owner_id";

    private RepoRows() {}

    /** A row with the owner's id, which permission checks need. */
    record Row(Repo repo, String ownerId) {}

    static Row row(ResultSet rs) throws SQLException {
        return new Row(repo(rs), rs.getString("owner_id"));
    }

    /**
     * The repository in a result row holding {@link #COLUMNS} (owner_name from the owner's account): public so that
     * the search index reads its rows exactly as the hub does.
     */
    public static Repo repo(ResultSet rs) throws SQLException {
        RepoId id = new RepoId(RepoType.parse(rs.getString("kind")), rs.getString("owner_name"), rs.getString("name"));
        return new Repo(rs.getString("id"), id, rs.getBoolean("private"), Instant.ofEpochMilli(rs.getLong("created_at")),
                Instant.ofEpochMilli(rs.getLong("last_modified")), rs.getString("sha"), rs.getLong("downloads"), rs.getLong("downloads_all_time"),
                rs.getLong("likes"),
                rs.getString("pipeline_tag"), rs.getString("library_name"), tags(rs.getString("tags")), card(rs.getString("card_data")),
                rs.getLong("trending_score"));
    }

    static Optional<Row> find(Handle h, RepoId id) {
        return h.createQuery("SELECT " + COLUMNS + FROM + " WHERE r.name_key = :k").bind("k", id.key())
                .map((rs, ctx) -> row(rs)).findOne();
    }

    static List<String> tags(String column) {
        return column == null || column.isBlank() ? List.of()
                : Arrays.stream(column.split("\t")).filter(t -> !t.isEmpty()).toList();
    }

    public static String tagsColumn(List<String> tags) {
        return tags.isEmpty() ? "" : "\t" + String.join("\t", tags) + "\t";
    }

    static Map<String, Object> card(String json) {
        if (json == null || json.isEmpty()) {
            return null;
        }
        try {
            return JSON.readValue(json, new TypeReference<Map<String, Object>>() {});
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    static String cardJson(Map<String, Object> card) {
        if (card == null) {
            return null;
        }
        try {
            return JSON.writeValueAsString(card);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
