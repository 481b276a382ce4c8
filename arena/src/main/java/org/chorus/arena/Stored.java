package org.chorus.arena;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.hub.accounts.Principal;
import org.jdbi.v3.core.Handle;

/** A competition as the server holds it: what anyone sees, plus the host's account id and the split's secret seed. */
record Stored(Competition view, String hostId, long seed) {
    private static final String SELECT = "SELECT c.*, s.row_count, a.name AS host_name FROM arena_competitions c JOIN accounts a ON a.id = c.host_id"
            + " LEFT JOIN arena_solutions s ON s.competition_id = c.id";

    String id() {
        return view.id();
    }

    CompetitionSpec spec() {
        return view.spec();
    }

    boolean hostOrAdmin(Principal p) {
        return p.siteAdmin() || p.user().id().equals(hostId);
    }

    void requireHost(Principal p) {
        if (!hostOrAdmin(p)) {
            throw new ChorusException(ErrorCode.PERMISSION_DENIED, "only the host of " + view.spec().name() + " or a site admin may do this");
        }
    }

    static Stored load(Handle h, String name) {
        if (name == null || name.length() > 96) {
            throw ChorusException.notFound("no competition named '" + Csv.shorten(String.valueOf(name)) + "'");
        }
        return h.createQuery(SELECT + " WHERE c.name_key = :k").bind("k", name.toLowerCase(Locale.ROOT))
                .map((rs, ctx) -> row(h, rs)).findOne()
                .orElseThrow(() -> ChorusException.notFound("no competition named '" + Csv.shorten(name) + "'"));
    }

    static Stored byId(Handle h, String id) {
        return h.createQuery(SELECT + " WHERE c.id = :id").bind("id", id)
                .map((rs, ctx) -> row(h, rs)).one();
    }

    static List<Stored> all(Handle h) {
        return h.createQuery(SELECT + " ORDER BY c.created_at DESC, c.id DESC")
                .map((rs, ctx) -> row(h, rs)).list();
    }

    private static Stored row(Handle h, ResultSet rs) throws SQLException {
        String id = rs.getString("id");
        List<Phase> phases = h.createQuery("SELECT name, starts_at, ends_at, daily_cap FROM arena_phases WHERE competition_id = :c ORDER BY seq")
                .bind("c", id).map((p, ctx) -> new Phase(p.getString("name"), Instant.ofEpochMilli(p.getLong("starts_at")),
                        Instant.ofEpochMilli(p.getLong("ends_at")), p.getInt("daily_cap"))).list();
        long merge = rs.getLong("merge_deadline");
        Instant mergeDeadline = rs.wasNull() ? null : Instant.ofEpochMilli(merge);
        long closed = rs.getLong("closed_at");
        Instant closedAt = rs.wasNull() ? null : Instant.ofEpochMilli(closed);
        int rows = rs.getInt("row_count");
        Integer testRows = rs.wasNull() ? null : rows;
        CompetitionSpec spec = new CompetitionSpec(rs.getString("name"), rs.getString("title"), emptyToNull(rs.getString("description")),
                emptyToNull(rs.getString("rules")), rs.getString("dataset_repo"), Metric.parse(rs.getString("metric")), rs.getInt("metric_k"),
                BoardMode.parse(rs.getString("board_mode")), rs.getInt("round_digits"), rs.getInt("public_percent"), rs.getInt("max_team_size"),
                rs.getInt("selection_limit"), rs.getInt("late_submissions") != 0, mergeDeadline, phases,
                SubmissionKind.parse(rs.getString("submissions")), rs.getString("test_inputs"));
        return new Stored(new Competition(id, rs.getString("host_name"), Instant.ofEpochMilli(rs.getLong("created_at")), closedAt, testRows, spec),
                rs.getString("host_id"), rs.getLong("split_seed"));
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
