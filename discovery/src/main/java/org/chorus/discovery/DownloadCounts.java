package org.chorus.discovery;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.chorus.core.db.Database;

/**
 * Brings the download-derived fields of this node's documents (downloads of the last 30 days, trending score) up to
 * SQL in a periodic batch. A counted download stamps its row's {@code counted_at} instead of appending to the change
 * log (which every node would follow with a re-index per download); each batch reads the rows stamped since the
 * previous one and re-indexes those whose documents hold other counts — one re-index per repository per batch on
 * each node, however many downloads it had. The window reaches {@link #MARGIN_MILLIS} back from the newest stamp
 * seen, for transactions that commit after a later one and for nodes' clocks that differ (the change log's
 * assumption too: {@link ChangeFollower#GAP_WAIT_MILLIS}).
 */
final class DownloadCounts {
    static final long MARGIN_MILLIS = ChangeFollower.GAP_WAIT_MILLIS;

    /** A row's counts as SQL holds them. */
    record Counted(String repoId, long downloads, long trending, long countedAt) {}

    private final Database db;
    private final SearchIndex index;
    private final ChangeFollower follower;
    /** Rows stamped after this are read by the next batch. */
    private long since;

    /** {@code indexedAt}: when the index last took its counts from SQL (its last commit, or its rebuild). */
    DownloadCounts(Database db, SearchIndex index, ChangeFollower follower, long indexedAt) {
        this.db = db;
        this.index = index;
        this.follower = follower;
        this.since = indexedAt - MARGIN_MILLIS;
    }

    /** Re-indexes the repositories counted since the last batch whose documents hold other counts; how many. */
    synchronized int refresh() throws IOException {
        long from = since;
        List<Counted> rows = db.withHandle(h -> h.createQuery(
                        "SELECT id, downloads_30d, trending_score, counted_at FROM hub_repos WHERE counted_at > :since")
                .bind("since", from).map((rs, ctx) -> new Counted(rs.getString("id"), rs.getLong("downloads_30d"),
                        rs.getLong("trending_score"), rs.getLong("counted_at"))).list());
        Set<String> stale = index.holdingOtherCounts(rows);
        if (!stale.isEmpty()) {
            follower.reindex(stale);
        }
        rows.stream().mapToLong(Counted::countedAt).max().ifPresent(newest -> since = Math.max(since, newest - MARGIN_MILLIS));
        return stale.size();
    }
}
