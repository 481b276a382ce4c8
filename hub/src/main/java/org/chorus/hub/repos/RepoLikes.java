package org.chorus.hub.repos;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.chorus.core.db.Database;
import org.chorus.hub.accounts.Principal;

/**
 * Likes, as on the Hub: a user likes a repository they can read; the repository's count is the number of likes
 * it holds, kept in the same transaction as the like itself. Lists of likes show each caller only the
 * repositories they may read.
 */
public interface RepoLikes {
    static RepoLikes create(Database db, Clock clock) {
        return new SqlRepoLikes(db, clock);
    }

    /** Likes ({@code like}) or unlikes the repository, idempotently; returns its like count afterwards. */
    long like(Principal actor, RepoId id, boolean like);

    /** Whether the caller likes the repository (false when anonymous); the caller has read it already. */
    boolean likes(Optional<Principal> caller, Repo repo);

    /** The repositories {@code user} likes that the caller may read, newest like first; NOT_FOUND if there is no such user. */
    Page<LikedRepo> likedBy(Optional<Principal> caller, String user, int offset, int limit);

    /** The users who like a repository the caller may read, newest like first. */
    Page<Liker> likers(Optional<Principal> caller, RepoId id, int offset, int limit);

    record LikedRepo(RepoId repo, Instant likedAt) {}

    record Liker(String user, String fullName, Instant likedAt) {}
}
