package org.chorus.hub.repos;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.chorus.core.ChorusException;
import org.chorus.core.db.Database;

final class SqlDownloadStats implements DownloadStats {
    private final Database db;
    private final Trending trending;

    SqlDownloadStats(Database db, Clock clock) {
        this.db = db;
        this.trending = new Trending(db, clock);
    }

    /**
     * Counts one download: the all-time counter, today's, and the trending score, in one transaction. It stamps the
     * row's {@code counted_at} rather than appending to the change log: each node's search index takes the counts in
     * a periodic batch (discovery.DownloadCounts), not with a re-index per download on every node.
     */
    void count(Repo repo) {
        long today = trending.today();
        db.useTransaction(h -> {
            h.createUpdate("UPDATE hub_repos SET downloads = downloads + 1, counted_at = :now WHERE id = :id")
                    .bind("id", repo.id()).bind("now", trending.now()).execute();
            h.createUpdate("INSERT INTO hub_downloads_daily (repo_id, day, count) VALUES (:id, :day, 1)"
                    + " ON CONFLICT (repo_id, day) DO UPDATE SET count = hub_downloads_daily.count + 1")
                    .bind("id", repo.id()).bind("day", today).execute();
            trending.recompute(h, repo.id());
        });
    }

    @Override
    public List<DayCount> daily(Repo repo, int days) {
        if (days < 1 || days > MAX_DAYS) {
            throw ChorusException.invalid("days must be between 1 and " + MAX_DAYS);
        }
        long today = trending.today();
        long first = today - days + 1;
        Map<Long, Long> counts = new HashMap<>();
        db.withHandle(h -> h.createQuery("SELECT day, count FROM hub_downloads_daily WHERE repo_id = :id AND day >= :first AND day <= :today")
                .bind("id", repo.id()).bind("first", first).bind("today", today)
                .map((rs, ctx) -> new DayCount(LocalDate.ofEpochDay(rs.getLong("day")), rs.getLong("count"))).list())
                .forEach(c -> counts.put(c.day().toEpochDay(), c.count()));
        List<DayCount> out = new ArrayList<>(days);
        for (long d = first; d <= today; d++) {
            out.add(new DayCount(LocalDate.ofEpochDay(d), counts.getOrDefault(d, 0L)));
        }
        return out;
    }
}
