package org.chorus.discovery;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.chorus.core.db.Database;

/**
 * Brings the download-derived fields of this node's documents (downloads of the last 30 days, trending score) up to
 * SQL in a periodic batch. A counted download, and the daily decay of every score still above zero, stamp the row's
 * {@code counted_at} instead of appending to the change log (which every node would follow with a re-index per
 * row); each batch reads the rows stamped since the previous one and re-indexes those whose documents hold other
 * counts — one re-index per repository per batch on each node, however many downloads it had. Rows are read and
 * re-indexed a page ({@value #PAGE} rows) at a time, and the follower's lock is taken per page, so a decay of millions of rows
 * holds neither millions of rows in memory nor a search that must catch up with the change log for longer than a page.
 * The window reaches {@link #MARGIN_MILLIS} back from the newest stamp seen, for transactions that commit after a
 * later one and for nodes' clocks that differ (the change log's assumption too: {@link ChangeFollower#GAP_WAIT_MILLIS}).
 */
final class DownloadCounts {
    static final long MARGIN_MILLIS = ChangeFollower.GAP_WAIT_MILLIS;
    static final int PAGE = 2_000;

    /** A row's counts as SQL holds them. */
    record Counted(String repoId, long downloads, long trending, long countedAt) {}

    private final Database db;
    private final SearchIndex index;
    private final ChangeFollower follower;
    private final int page;
    /** Run after each page's re-index, outside the follower's lock (tests look between pages). */
    private final Runnable afterPage;
    /** Rows stamped after this are read by the next batch. */
    private long since;

    /** {@code indexedAt}: when the index last took its counts from SQL (its last commit, or its rebuild). */
    DownloadCounts(Database db, SearchIndex index, ChangeFollower follower, long indexedAt, int page, Runnable afterPage) {
        this.db = db;
        this.index = index;
        this.follower = follower;
        this.page = page;
        this.afterPage = afterPage;
        this.since = indexedAt - MARGIN_MILLIS;
    }

    /** Re-indexes the repositories counted since the last batch whose documents hold other counts; how many. */
    synchronized int refresh() throws IOException {
        long newest = Long.MIN_VALUE;
        int reindexed = 0;
        long afterStamp = since;
        String afterId = "";
        while (true) {
            List<Counted> rows = page(afterStamp, afterId);
            Set<String> stale = index.holdingOtherCounts(rows);
            if (!stale.isEmpty()) {
                follower.reindex(stale);
                reindexed += stale.size();
            }
            if (!rows.isEmpty()) {
                Counted last = rows.getLast();
                afterStamp = last.countedAt();
                afterId = last.repoId();
                newest = Math.max(newest, afterStamp);
                afterPage.run();
            }
            if (rows.size() < page) {
                break;
            }
        }
        if (newest != Long.MIN_VALUE) {
            since = Math.max(since, newest - MARGIN_MILLIS);
        }
        return reindexed;
    }

    /** The next page of rows in (counted_at, id) order after the given one: a range of the index on both. */
    private List<Counted> page(long afterStamp, String afterId) {
        return db.withHandle(h -> h.createQuery("SELECT id, downloads_30d, trending_score, counted_at FROM hub_repos"
                        + " WHERE (counted_at, id) > (:stamp, :id) ORDER BY counted_at, id LIMIT :page")
                .bind("page", page).bind("stamp", afterStamp).bind("id", afterId).map((rs, ctx) -> new Counted(rs.getString("id"),
                        rs.getLong("downloads_30d"), rs.getLong("trending_score"), rs.getLong("counted_at"))).list());
    }
}
