package org.chorus.discovery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.chorus.hub.repos.Repo;
import org.chorus.hub.repos.RepoId;
import org.chorus.hub.repos.RepoType;
import org.jdbi.v3.core.Handle;

/**
 * A repository as the index takes it from SQL: the row, its owner's id and kind (who may read it, the organisation
 * facet), and the card's text. Read by id for the change log and in id order for a rebuild.
 */
record IndexRow(Repo repo, String ownerId, boolean ownerIsOrg, String cardText) {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final String SELECT = "SELECT r.id, r.kind, r.owner_id, a.name AS owner_name, a.kind AS owner_kind, r.name, r.private,"
            + " r.created_at, r.last_modified, r.sha, r.downloads, r.likes, r.pipeline_tag, r.library_name, r.tags, r.card_data,"
            + " r.trending_score, r.card_text FROM hub_repos r JOIN accounts a ON a.id = r.owner_id";

    static List<IndexRow> byIds(Handle h, Collection<String> ids) {
        return h.createQuery(SELECT + " WHERE r.id IN (<ids>)").bindList("ids", List.copyOf(ids)).map((rs, ctx) -> of(rs)).list();
    }

    /** The next {@code limit} rows in id order after {@code afterId} ("" for the first). */
    static List<IndexRow> after(Handle h, String afterId, int limit) {
        return h.createQuery(SELECT + " WHERE r.id > :after ORDER BY r.id LIMIT " + limit).bind("after", afterId)
                .map((rs, ctx) -> of(rs)).list();
    }

    private static IndexRow of(ResultSet rs) throws SQLException {
        RepoId id = new RepoId(RepoType.parse(rs.getString("kind")), rs.getString("owner_name"), rs.getString("name"));
        Repo repo = new Repo(rs.getString("id"), id, rs.getBoolean("private"), Instant.ofEpochMilli(rs.getLong("created_at")),
                Instant.ofEpochMilli(rs.getLong("last_modified")), rs.getString("sha"), rs.getLong("downloads"), rs.getLong("likes"),
                rs.getString("pipeline_tag"), rs.getString("library_name"), tags(rs.getString("tags")), card(rs.getString("card_data")),
                rs.getLong("trending_score"));
        return new IndexRow(repo, rs.getString("owner_id"), "org".equals(rs.getString("owner_kind")), rs.getString("card_text"));
    }

    /** {@code hub_repos.tags}: tab-separated with a leading and trailing tab. */
    private static List<String> tags(String column) {
        return column == null || column.isBlank() ? List.of() : Arrays.stream(column.split("\t")).filter(t -> !t.isEmpty()).toList();
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
}
