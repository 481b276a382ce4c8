package org.chorus.hub.repos;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A repository's metadata row. {@code sha} is the head of {@code main} (null only before the first commit);
 * card fields are derived from the README.md on {@code main}. {@code downloads} counts the last 30 UTC days (the Hub's
 * {@code downloads}) and {@code downloadsAllTime} every download; both it and {@code trendingScore} are
 * {@link Trending}'s, as of its last recomputation.
 */
public record Repo(String id, RepoId repoId, boolean isPrivate, Instant createdAt, Instant lastModified, String sha,
                   long downloads, long downloadsAllTime, long likes, String pipelineTag, String libraryName, List<String> tags,
                   Map<String, Object> cardData, long trendingScore) {

    public RepoType type() {
        return repoId.type();
    }

    public String fullName() {
        return repoId.fullName();
    }
}
