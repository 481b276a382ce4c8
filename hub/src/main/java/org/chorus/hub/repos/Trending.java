package org.chorus.hub.repos;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import org.chorus.core.db.Database;
import org.jdbi.v3.core.Handle;

/**
 * The trending score: downloads counted on the last {@value #DAYS} UTC days (today included) plus
 * {@value #LIKE_WEIGHT} per like given on those days (a like withdrawn is not counted). It is stored on the row
 * ({@code trending_score}, as of {@code trending_day}) so that sorting 100,000 repositories by it walks an index:
 * each download or like recomputes its repository's score, and once a day the scores still above zero are
 * recomputed for the window that moved (repositories with no recent activity stay at zero without being touched).
 */
final class Trending {
    static final int DAYS = 7;
    static final int LIKE_WEIGHT = 10;
    private static final long DAY_MILLIS = 86_400_000L;
    private static final String SCORE = "COALESCE((SELECT SUM(d.count) FROM hub_downloads_daily d WHERE d.repo_id = hub_repos.id AND d.day > :today - " + DAYS + "), 0)"
            + " + " + LIKE_WEIGHT + " * (SELECT COUNT(*) FROM hub_likes l WHERE l.repo_id = hub_repos.id AND l.created_at >= :since)";

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
        h.createUpdate("UPDATE hub_repos SET trending_score = " + SCORE + ", trending_day = :today WHERE id = :id")
                .bind("today", today).bind("since", since(today)).bind("id", repoId).execute();
    }

    /** Before a listing sorted by score: recomputes the scores computed on an earlier day, once a day per node. */
    void decayIfNewDay() {
        long today = today();
        long last = decayedOn.get();
        if (last == today || !decayedOn.compareAndSet(last, today)) {
            return;
        }
        for (RepoType type : RepoType.values()) {
            // by kind, so that the (kind, trending_score) index finds the scores above zero
            db.useTransaction(h -> {
                // logged first: the rows it changes are those the condition selects before the update
                h.createUpdate("INSERT INTO hub_changes (repo_id, changed_at) SELECT id, :now FROM hub_repos"
                                + " WHERE kind = :kind AND trending_score > 0 AND trending_day < :today")
                        .bind("now", clock.millis()).bind("today", today).bind("kind", type.wire()).execute();
                h.createUpdate("UPDATE hub_repos SET trending_score = " + SCORE + ", trending_day = :today"
                                + " WHERE kind = :kind AND trending_score > 0 AND trending_day < :today")
                        .bind("today", today).bind("since", since(today)).bind("kind", type.wire()).execute();
            });
        }
    }

    /** The first millisecond of the window's first day. */
    private static long since(long today) {
        return (today - DAYS + 1) * DAY_MILLIS;
    }
}
