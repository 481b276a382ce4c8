package org.chorus.arena;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.core.db.Database;
import org.chorus.hub.accounts.Principal;
import org.jdbi.v3.core.Handle;

/**
 * The leaderboards. Public: each team's best shown score over its scored submissions made before the end (late
 * ones never rank), ties to the earlier submission. Private: each team's best private score among its selected
 * submissions, or, if it selected none, among its {@code selectionLimit} best by public score; beside it the shake-up.
 */
final class Boards {
    private final Database db;

    Boards(Database db) {
        this.db = db;
    }

    /** A scored, ranked submission as the boards read it. */
    private record Entry(String team, double shown, double publicScore, double privateScore, boolean selected, Instant at) {}

    private record Best(String team, double score, Instant at, int count, Instant last) {}

    List<Standing> publicBoard(String competition) {
        return db.withHandle(h -> {
            Stored c = Stored.load(h, competition);
            return standings(h, c, publicBests(c, entries(h, c)), null);
        });
    }

    List<Standing> privateBoard(Optional<Principal> caller, String competition) {
        return db.withHandle(h -> {
            Stored c = Stored.load(h, competition);
            if (!c.view().closed() && (caller.isEmpty() || !c.hostOrAdmin(caller.get()))) {
                throw new ChorusException(ErrorCode.PERMISSION_DENIED, "the private leaderboard of " + c.spec().name()
                        + " is shown when the competition closes");
            }
            List<Entry> entries = entries(h, c);
            Map<String, Integer> publicRanks = new HashMap<>();
            for (Standing s : standings(h, c, publicBests(c, entries), null)) {
                publicRanks.put(s.team(), s.rank());
            }
            return standings(h, c, privateBests(c, entries), publicRanks);
        });
    }

    private static List<Entry> entries(Handle h, Stored c) {
        return h.createQuery("SELECT t.name, s.released_score, s.public_score, s.private_score, s.selected, s.submitted_at FROM arena_submissions s"
                        + " JOIN arena_teams t ON t.id = s.team_id WHERE s.competition_id = :c AND s.status = 'scored' AND s.late = 0"
                        + " ORDER BY s.submitted_at, s.id")
                .bind("c", c.id())
                .map((rs, ctx) -> new Entry(rs.getString("name"), rs.getDouble("released_score"), rs.getDouble("public_score"),
                        rs.getDouble("private_score"), rs.getInt("selected") != 0, Instant.ofEpochMilli(rs.getLong("submitted_at"))))
                .list();
    }

    private static Comparator<Double> better(Stored c) {
        Comparator<Double> ascending = Comparator.naturalOrder();
        return c.spec().metric().higherIsBetter() ? ascending.reversed() : ascending;
    }

    private static List<Best> publicBests(Stored c, List<Entry> entries) {
        Map<String, List<Entry>> byTeam = byTeam(entries);
        List<Best> bests = new ArrayList<>();
        byTeam.forEach((team, list) -> {
            Entry top = list.stream().min(Comparator.comparing(Entry::shown, better(c))).orElseThrow(); // earliest among equals: stable order
            bests.add(new Best(team, top.shown(), top.at(), list.size(), list.getLast().at()));
        });
        return bests;
    }

    private static List<Best> privateBests(Stored c, List<Entry> entries) {
        List<Best> bests = new ArrayList<>();
        byTeam(entries).forEach((team, list) -> {
            List<Entry> chosen = list.stream().filter(Entry::selected).toList();
            if (chosen.isEmpty()) {
                chosen = list.stream().sorted(Comparator.comparing(Entry::publicScore, better(c))).limit(c.spec().selectionLimit()).toList();
            }
            Entry top = chosen.stream().min(Comparator.comparing(Entry::privateScore, better(c))).orElseThrow();
            bests.add(new Best(team, top.privateScore(), top.at(), list.size(), list.getLast().at()));
        });
        return bests;
    }

    private static Map<String, List<Entry>> byTeam(List<Entry> entries) {
        Map<String, List<Entry>> byTeam = new LinkedHashMap<>();
        for (Entry e : entries) {
            byTeam.computeIfAbsent(e.team(), t -> new ArrayList<>()).add(e);
        }
        return byTeam;
    }

    private static List<Standing> standings(Handle h, Stored c, List<Best> bests, Map<String, Integer> publicRanks) {
        Map<String, List<String>> members = new HashMap<>();
        h.createQuery("SELECT t.name AS team, a.name AS member FROM arena_members m JOIN arena_teams t ON t.id = m.team_id"
                        + " JOIN accounts a ON a.id = m.account_id WHERE m.competition_id = :c ORDER BY a.name")
                .bind("c", c.id()).map((rs, ctx) -> Map.entry(rs.getString("team"), rs.getString("member"))).list()
                .forEach(e -> members.computeIfAbsent(e.getKey(), t -> new ArrayList<>()).add(e.getValue()));
        List<Best> sorted = bests.stream().sorted(Comparator.comparing(Best::score, better(c)).thenComparing(Best::at)).toList();
        List<Standing> out = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            Best b = sorted.get(i);
            Integer shakeUp = publicRanks == null ? null : publicRanks.get(b.team()) - (i + 1);
            out.add(new Standing(i + 1, b.team(), members.getOrDefault(b.team(), List.of()), b.score(), b.count(), b.last(), shakeUp));
        }
        return out;
    }
}
