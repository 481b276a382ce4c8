package org.chorus.arena;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.chorus.hub.accounts.Principal;
import org.jdbi.v3.core.Handle;

/**
 * Submissions as a caller may see them: exact public and private scores only for the host and site admins, and the
 * private score for everyone once the competition is closed; everyone else sees what the leaderboard shows.
 */
final class Views {
    private Views() {}

    static List<Submission> submissions(Handle h, Stored c, Principal caller, String where, String param) {
        boolean host = c.hostOrAdmin(caller);
        boolean closed = c.view().closed();
        return h.createQuery("SELECT s.*, t.name AS team_name, a.name AS user_name FROM arena_submissions s JOIN arena_teams t ON t.id = s.team_id"
                        + " JOIN accounts a ON a.id = s.account_id WHERE " + where + " ORDER BY s.submitted_at DESC, s.id DESC")
                .bind("id", param)
                .map((rs, ctx) -> new Submission(rs.getString("id"), rs.getString("team_name"), rs.getString("user_name"), rs.getString("message"),
                        Instant.ofEpochMilli(rs.getLong("submitted_at")), rs.getString("status"), rs.getInt("late") != 0,
                        rs.getInt("selected") != 0, score(rs, "released_score"), host || closed ? score(rs, "public_score") : null,
                        host || closed ? score(rs, "private_score") : null, rs.getString("error"),
                        rs.getString("model_repo"), rs.getString("model_commit")))
                .list();
    }

    static Double score(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }
}
