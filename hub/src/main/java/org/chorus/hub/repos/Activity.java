package org.chorus.hub.repos;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.chorus.core.db.Database;
import org.chorus.hub.accounts.Principal;

/**
 * Activity from the commits recorded on every branch ({@link CommitLog}): a user's or organisation's commits per day
 * for a heatmap, and a feed of recent commits. Both count only repositories the caller may read.
 */
public interface Activity {
    int MAX_DAYS = 371;
    int MAX_WEEKS = 53;
    int MAX_ORGANIZATIONS = 100;

    static Activity create(Database db, java.time.Clock clock) {
        return new SqlActivity(db, clock);
    }

    /**
     * Commits per UTC day over the last {@code days} days (1..{@value #MAX_DAYS}, oldest first, zero-filled): for a user the
     * commits they authored, for an organisation the commits to its repositories. NOT_FOUND if there is no such account.
     */
    List<DayCount> commitsPerDay(Optional<Principal> caller, String account, int days);

    /**
     * Commits to organisations' repositories per week (weeks starting on Monday, UTC; the last one the current week)
     * over the last {@code weeks} weeks (1..{@value #MAX_WEEKS}), for the {@code limit} (1..{@value #MAX_ORGANIZATIONS})
     * organisations with the most in that range, most first, ties by name; organisations without commits are left out.
     */
    OrgWeeks commitsPerWeekByOrganization(Optional<Principal> caller, int weeks, int limit);

    /** The first week's Monday and one row per organisation, its counts oldest week first. */
    record OrgWeeks(LocalDate firstWeek, List<OrgWeek> rows) {}

    record OrgWeek(String organization, long total, List<Long> weeks) {}

    /**
     * Recent commits, newest first: to the repositories the caller can see, or when {@code account} is given only those
     * that user authored (or, for an organisation, made to its repositories).
     */
    Page<Event> feed(Optional<Principal> caller, Optional<String> account, int offset, int limit);

    /** {@code author}: the account the commit is attributed to, or null when no account has its email. */
    record Event(RepoId repo, String sha, String title, String author, String authorName, Instant at) {}
}
