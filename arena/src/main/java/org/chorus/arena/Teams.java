package org.chorus.arena;

import java.util.Locale;
import java.util.Optional;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.jdbi.v3.core.Handle;

/** Team rows: one account in one team per competition (the primary key of arena_members says so too). */
final class Teams {
    private Teams() {}

    static Optional<String> teamId(Handle h, String competitionId, String accountId) {
        return h.createQuery("SELECT team_id FROM arena_members WHERE competition_id = :c AND account_id = :a")
                .bind("c", competitionId).bind("a", accountId).mapTo(String.class).findOne();
    }

    static Optional<String> teamName(Handle h, String competitionId, String accountId) {
        return h.createQuery("SELECT t.name FROM arena_members m JOIN arena_teams t ON t.id = m.team_id"
                        + " WHERE m.competition_id = :c AND m.account_id = :a")
                .bind("c", competitionId).bind("a", accountId).mapTo(String.class).findOne();
    }

    static void create(Handle h, String competitionId, String name, String accountId, long now, String id) {
        String key = name.toLowerCase(Locale.ROOT);
        boolean taken = h.createQuery("SELECT COUNT(*) FROM arena_teams WHERE competition_id = :c AND name_key = :k")
                .bind("c", competitionId).bind("k", key).mapTo(Long.class).one() > 0;
        if (taken) {
            throw new ChorusException(ErrorCode.ALREADY_EXISTS, "a team named '" + name + "' already exists in this competition");
        }
        h.createUpdate("INSERT INTO arena_teams (id, competition_id, name, name_key, created_at) VALUES (:id, :c, :n, :k, :now)")
                .bind("id", id).bind("c", competitionId).bind("n", name).bind("k", key).bind("now", now).execute();
        h.createUpdate("INSERT INTO arena_members (competition_id, account_id, team_id, joined_at) VALUES (:c, :a, :t, :now)")
                .bind("c", competitionId).bind("a", accountId).bind("t", id).bind("now", now).execute();
    }

    static String teamIdByName(Handle h, String competitionId, String name) {
        return h.createQuery("SELECT id FROM arena_teams WHERE competition_id = :c AND name_key = :k")
                .bind("c", competitionId).bind("k", name == null ? "" : name.toLowerCase(Locale.ROOT)).mapTo(String.class).findOne()
                .orElseThrow(() -> ChorusException.notFound("no team named '" + Csv.shorten(String.valueOf(name)) + "' in this competition"));
    }

    static long members(Handle h, String teamId) {
        return h.createQuery("SELECT COUNT(*) FROM arena_members WHERE team_id = :t").bind("t", teamId).mapTo(Long.class).one();
    }

    /** Submissions that count (everything but infrastructure failures). */
    static long submissions(Handle h, String teamId) {
        return h.createQuery("SELECT COUNT(*) FROM arena_submissions WHERE team_id = :t AND (status <> 'failed' OR blame = 'input')")
                .bind("t", teamId).mapTo(Long.class).one();
    }

    /** Moves every member and submission of {@code from} into {@code into} and deletes {@code from}. */
    static void merge(Handle h, String from, String into) {
        h.createUpdate("UPDATE arena_members SET team_id = :i WHERE team_id = :f").bind("i", into).bind("f", from).execute();
        h.createUpdate("UPDATE arena_submissions SET team_id = :i WHERE team_id = :f").bind("i", into).bind("f", from).execute();
        h.createUpdate("DELETE FROM arena_teams WHERE id = :f").bind("f", from).execute();
    }
}
