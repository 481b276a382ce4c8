package org.chorus.arena;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.chorus.core.db.Database;
import org.chorus.hub.accounts.Principal;

/**
 * What the pages show beside {@link Arena}'s answers: the caller's team with its pending invitations, the teams that
 * invited the caller, whether the caller hosts a competition, and the public leaderboard's history. Nothing here
 * reads the solution, the seed or an exact score: the history is each team's best shown score over time, which the
 * public leaderboard showed at that time anyway.
 */
public final class ArenaReads {
    private final Database db;

    public ArenaReads(Database db) {
        this.db = db;
    }

    /** The caller's team: its members and the users it invited who have not accepted yet. */
    public record MyTeam(String name, List<String> members, List<String> invited) {}

    /** One team's line in the history chart: the best score the leaderboard showed after each of its submissions. */
    public record History(String team, List<Point> points) {}

    public record Point(Instant at, double score) {}

    private record Row(String team, double score, long at) {}

    public Optional<MyTeam> team(Principal caller, String competition) {
        return db.withHandle(h -> {
            Stored c = Stored.load(h, competition);
            Optional<String> teamId = Teams.teamId(h, c.id(), caller.user().id());
            if (teamId.isEmpty()) {
                return Optional.empty();
            }
            String name = h.createQuery("SELECT name FROM arena_teams WHERE id = :t").bind("t", teamId.get()).mapTo(String.class).one();
            List<String> members = h.createQuery("SELECT a.name FROM arena_members m JOIN accounts a ON a.id = m.account_id"
                    + " WHERE m.team_id = :t ORDER BY a.name").bind("t", teamId.get()).mapTo(String.class).list();
            List<String> invited = h.createQuery("SELECT a.name FROM arena_invites i JOIN accounts a ON a.id = i.account_id"
                    + " WHERE i.team_id = :t ORDER BY a.name").bind("t", teamId.get()).mapTo(String.class).list();
            return Optional.of(new MyTeam(name, members, invited));
        });
    }

    /** The names of the teams of this competition that invited the caller. */
    public List<String> invitations(Principal caller, String competition) {
        return db.withHandle(h -> {
            Stored c = Stored.load(h, competition);
            return h.createQuery("SELECT t.name FROM arena_invites i JOIN arena_teams t ON t.id = i.team_id"
                            + " WHERE t.competition_id = :c AND i.account_id = :a ORDER BY t.name")
                    .bind("c", c.id()).bind("a", caller.user().id()).mapTo(String.class).list();
        });
    }

    /** Whether the caller hosts the competition (site admins do every one). */
    public boolean hosts(Principal caller, String competition) {
        return db.withHandle(h -> Stored.load(h, competition).hostOrAdmin(caller));
    }

    /**
     * The public leaderboard's history for {@code teams}: after each scored, in-time submission of a team, the team's
     * best shown score so far (a step when it improved), in the order of {@code teams}.
     */
    public List<History> history(String competition, List<String> teams) {
        return db.withHandle(h -> {
            Stored c = Stored.load(h, competition);
            boolean higher = c.spec().metric().higherIsBetter();
            Map<String, List<Point>> byTeam = new LinkedHashMap<>();
            teams.forEach(t -> byTeam.put(t, new ArrayList<>()));
            h.createQuery("SELECT t.name, s.released_score, s.submitted_at FROM arena_submissions s JOIN arena_teams t ON t.id = s.team_id"
                            + " WHERE s.competition_id = :c AND s.status = 'scored' AND s.late = 0 ORDER BY s.submitted_at, s.id")
                    .bind("c", c.id())
                    .map((rs, ctx) -> new Row(rs.getString("name"), rs.getDouble("released_score"), rs.getLong("submitted_at")))
                    .forEach(row -> {
                        List<Point> points = byTeam.get(row.team());
                        if (points == null) {
                            return;
                        }
                        double score = row.score();
                        if (!points.isEmpty()) {
                            double best = points.getLast().score();
                            score = higher ? Math.max(best, score) : Math.min(best, score);
                        }
                        points.add(new Point(Instant.ofEpochMilli(row.at()), score));
                    });
            return byTeam.entrySet().stream().map(e -> new History(e.getKey(), List.copyOf(e.getValue()))).toList();
        });
    }
}
