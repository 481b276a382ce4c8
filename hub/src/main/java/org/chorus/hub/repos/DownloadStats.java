package org.chorus.hub.repos;

import java.time.Clock;
import java.util.List;
import org.chorus.core.db.Database;

/**
 * Downloads per repository per UTC day, counted where {@link Repos#countDownload} counts them (a GET of a file's
 * bytes from its first byte, not a HEAD or a one-byte probe), for the repository page's chart.
 */
public interface DownloadStats {
    int MAX_DAYS = 366;

    static DownloadStats create(Database db, Clock clock) {
        return new SqlDownloadStats(db, clock);
    }

    /** The last {@code days} UTC days (1..{@value #MAX_DAYS}), oldest first and today last, days without downloads as 0. */
    List<DayCount> daily(Repo repo, int days);
}
