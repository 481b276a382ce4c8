package org.chorus.hub.repos;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.chorus.core.ChorusException;
import org.chorus.core.db.Database;
import org.chorus.hub.accounts.Principal;
import org.jdbi.v3.core.Handle;

final class SqlActivity implements Activity {
    private static final long DAY_MILLIS = 86_400_000L;

    private final Database db;
    private final Clock clock;

    SqlActivity(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    private record Account(String id, boolean org) {}

    private record WeekCount(String org, long week, long count) {}

    private static Account account(Handle h, String name) {
        return h.createQuery("SELECT id, kind FROM accounts WHERE name_key = :k").bind("k", name.toLowerCase(Locale.ROOT))
                .map((rs, ctx) -> new Account(rs.getString("id"), rs.getString("kind").equals("org"))).findOne()
                .orElseThrow(() -> ChorusException.notFound("no user or organisation named '" + name + "'"));
    }

    /** The condition selecting the account's commits: authored by a user, or made to an organisation's repositories. */
    private static String whose(Account a, Map<String, Object> binds) {
        binds.put("account", a.id());
        return a.org() ? " AND r.owner_id = :account" : " AND c.author_id = :account";
    }

    @Override
    public List<DayCount> commitsPerDay(Optional<Principal> caller, String account, int days) {
        if (days < 1 || days > MAX_DAYS) {
            throw ChorusException.invalid("days must be between 1 and " + MAX_DAYS);
        }
        long today = Math.floorDiv(clock.millis(), DAY_MILLIS);
        long first = today - days + 1;
        Map<Long, Long> counts = new HashMap<>();
        db.withHandle(h -> {
            Map<String, Object> binds = new HashMap<>();
            binds.put("since", first * DAY_MILLIS);
            String sql = "SELECT c.committed_at / " + DAY_MILLIS + " AS day, COUNT(*) AS n FROM hub_commits c JOIN hub_repos r ON r.id = c.repo_id"
                    + " WHERE c.committed_at >= :since" + whose(account(h, account), binds) + Visibility.clause(caller, binds)
                    + " GROUP BY c.committed_at / " + DAY_MILLIS;
            return h.createQuery(sql).bindMap(binds).map((rs, ctx) -> new DayCount(LocalDate.ofEpochDay(rs.getLong("day")), rs.getLong("n"))).list();
        }).forEach(d -> counts.put(d.day().toEpochDay(), d.count()));
        List<DayCount> out = new ArrayList<>(days);
        for (long d = first; d <= today; d++) {
            out.add(new DayCount(LocalDate.ofEpochDay(d), counts.getOrDefault(d, 0L)));
        }
        return out;
    }

    @Override
    public OrgWeeks commitsPerWeekByOrganization(Optional<Principal> caller, int weeks, int limit) {
        if (weeks < 1 || weeks > MAX_WEEKS) {
            throw ChorusException.invalid("weeks must be between 1 and " + MAX_WEEKS);
        }
        if (limit < 1 || limit > MAX_ORGANIZATIONS) {
            throw ChorusException.invalid("limit must be between 1 and " + MAX_ORGANIZATIONS);
        }
        LocalDate today = LocalDate.ofEpochDay(Math.floorDiv(clock.millis(), DAY_MILLIS));
        LocalDate first = today.minusDays(today.getDayOfWeek().getValue() - 1).minusWeeks(weeks - 1);
        long since = first.toEpochDay() * DAY_MILLIS;
        long week = 7 * DAY_MILLIS;
        Map<String, long[]> counts = new HashMap<>();
        db.withHandle(h -> {
            Map<String, Object> binds = new HashMap<>();
            binds.put("since", since);
            // the week number as a literal expression (numbers computed here): PostgreSQL matches GROUP BY to the select list by text
            String weekOf = "(c.committed_at - " + since + ") / " + week;
            String sql = "SELECT o.name AS org, " + weekOf + " AS week, COUNT(*) AS n FROM hub_commits c"
                    + " JOIN hub_repos r ON r.id = c.repo_id JOIN accounts o ON o.id = r.owner_id"
                    + " WHERE c.committed_at >= :since AND o.kind = 'org'" + Visibility.clause(caller, binds)
                    + " GROUP BY o.name, " + weekOf;
            return h.createQuery(sql).bindMap(binds).map((rs, ctx) -> new WeekCount(rs.getString("org"), rs.getLong("week"), rs.getLong("n"))).list();
        }).stream().filter(c -> c.week() < weeks) // a commit dated after now (a skewed clock) is outside the range
                .forEach(c -> counts.computeIfAbsent(c.org(), o -> new long[weeks])[(int) c.week()] += c.count());
        List<OrgWeek> rows = counts.entrySet().stream()
                .map(e -> new OrgWeek(e.getKey(), Arrays.stream(e.getValue()).sum(), Arrays.stream(e.getValue()).boxed().toList()))
                .sorted(Comparator.comparingLong((OrgWeek r) -> -r.total()).thenComparing(OrgWeek::organization))
                .limit(limit).toList();
        return new OrgWeeks(first, rows);
    }

    @Override
    public Page<Event> feed(Optional<Principal> caller, Optional<String> account, int offset, int limit) {
        Page.requireWindow(offset, limit);
        return db.withHandle(h -> {
            Map<String, Object> binds = new HashMap<>();
            binds.put("limit", limit + 1);
            binds.put("offset", offset);
            String sql = "SELECT r.kind, o.name AS owner_name, r.name, c.sha, c.title, au.name AS author, c.author_name, c.committed_at"
                    + " FROM hub_commits c JOIN hub_repos r ON r.id = c.repo_id JOIN accounts o ON o.id = r.owner_id"
                    + " LEFT JOIN accounts au ON au.id = c.author_id WHERE 1 = 1"
                    + (account.isPresent() ? whose(account(h, account.get()), binds) : "") + Visibility.clause(caller, binds)
                    + " ORDER BY c.committed_at DESC, c.sha DESC LIMIT :limit OFFSET :offset";
            return Page.ofOneMore(h.createQuery(sql).bindMap(binds).map((rs, ctx) -> new Event(
                    new RepoId(RepoType.parse(rs.getString("kind")), rs.getString("owner_name"), rs.getString("name")), rs.getString("sha"),
                    rs.getString("title"), rs.getString("author"), rs.getString("author_name"), Instant.ofEpochMilli(rs.getLong("committed_at"))))
                    .list(), limit);
        });
    }
}
