package org.chorus.discovery;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import org.chorus.hub.repos.Repo;
import org.chorus.hub.repos.RepoRows;
import org.chorus.semantic.CardText;
import org.jdbi.v3.core.Handle;

/**
 * A repository as the index takes it from SQL: the row, its owner's id and kind (who may read it, the organisation
 * facet), and the card's text. Read by id for the change log and in id order for a rebuild.
 */
record IndexRow(Repo repo, String ownerId, boolean ownerIsOrg, String cardText) {
    private static final String SELECT = "SELECT " + RepoRows.COLUMNS + ", a.kind AS owner_kind, r.card_text" + RepoRows.FROM;

    static List<IndexRow> byIds(Handle h, Collection<String> ids) {
        return h.createQuery(SELECT + " WHERE r.id IN (<ids>)").bindList("ids", List.copyOf(ids)).map((rs, ctx) -> of(rs)).list();
    }

    /** The next {@code limit} rows in id order after {@code afterId} ("" for the first). */
    static List<IndexRow> after(Handle h, String afterId, int limit) {
        return h.createQuery(SELECT + " WHERE r.id > :after ORDER BY r.id LIMIT " + limit).bind("after", afterId)
                .map((rs, ctx) -> of(rs)).list();
    }

    /** What semantic search embeds of this repository (semantic.CardText: name, task, tags, then the card's prose). */
    String embeddedText() {
        return CardText.of(repo.fullName(), repo.pipelineTag(), repo.tags(), cardText);
    }

    private static IndexRow of(ResultSet rs) throws SQLException {
        return new IndexRow(RepoRows.repo(rs), rs.getString("owner_id"), "org".equals(rs.getString("owner_kind")), rs.getString("card_text"));
    }
}
