package org.chorus.hub.repos;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import org.chorus.core.db.Database;
import org.jdbi.v3.core.Handle;

/**
 * The counts of a moving window of days: the trending score — downloads counted on the last {@value #DAYS} UTC days
 * (today included) plus {@value #LIKE_WEIGHT} per like given on those days (a like withdrawn is not counted) — and the
 * downloads of the last {@value #DOWNLOAD_DAYS} days (what the Hub calls a repository's {@code downloads}). Both are
 * stored on the row ({@code trending_score}, {@code downloads_30d}, as of {@code trending_day}) so that sorting 100,000
 * repositories by them walks an index: each download or like recomputes its repository's counts, and once a day the
 * counts still above zero are recomputed for the window that moved (repositories with no recent activity stay at
 * zero without being touched).
 */
final class Trending {
    static final int DAYS = 7;
    static final int LIKE_WEIGHT = 10;
    static final int DOWNLOAD_DAYS = 30;
    private static final long DAY_MILLIS = 86_400_000L;
    private static final String SET = "trending_score = " + downloads(DAYS)
            + " + " + LIKE_WEIGHT + " * (SELECT COUNT(*) FROM hub_likes l WHERE l.repo_id = hub_repos.id AND l.created_at >= :since),"
            + " downloads_30d = " + downloads(DOWNLOAD_DAYS) + ", trending_day = :today";
    /** The rows of a kind whose counts are above zero and were computed on an earlier day. */
    private static final String STALE = " WHERE kind = :kind AND (trending_score > 0 OR downloads_30d > 0) AND trending_day < :today";

    private final Database db;
    private final Clock clock;
    /** The day this node last brought every stored score up to date; other nodes doing it too is harmless. */
    private final AtomicLong decayedOn = new AtomicLong(-1);

    Trending(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    long today() {
        return Math.floorDiv(clock.millis(), DAY_MILLIS);
    }

    long now() {
        return clock.millis();
    }

    /** Recomputes one repository's score, inside the transaction that changed its downloads or likes. */
    void recompute(Handle h, String repoId) {
        long today = today();
        h.createUpdate("UPDATE hub_repos SET " + SET + " WHERE id = :id")
                .bind("today", today).bind("since", since(today)).bind("id", repoId).execute();
    }

    /**
     * Recomputes the counts computed on an earlier day, once a day per node: before a listing from SQL, and in each
     * node's search-index counts batch (off the request path: at Hub scale this touches millions of rows).
     */
    void decayIfNewDay() {
        long today = today();
        long last = decayedOn.get();
        if (last == today || !decayedOn.compareAndSet(last, today)) {
            return;
        }
        for (RepoType type : RepoType.values()) {
            // by kind, so that the (kind, trending_score) and (kind, downloads_30d) indexes find the counts above zero;
            // stamped like a download (counted_at), not logged: every node's search index takes the new counts in its
            // counts batch, a page at a time, instead of re-indexing every repository from the change log
            db.useTransaction(h -> h.createUpdate("UPDATE hub_repos SET " + SET + ", counted_at = :now" + STALE)
                    .bind("today", today).bind("since", since(today)).bind("kind", type.wire()).bind("now", clock.millis()).execute());
        }
    }

    /** The downloads counted on the last {@code days} days, today included. */
    private static String downloads(int days) {
        return "COALESCE((SELECT SUM(d.count) FROM hub_downloads_daily d WHERE d.repo_id = hub_repos.id AND d.day > :today - " + days + "), 0)";
    }

    /** The first millisecond of the trending window's first day. */
    private static long since(long today) {
        return (today - DAYS + 1) * DAY_MILLIS;
    }
}
