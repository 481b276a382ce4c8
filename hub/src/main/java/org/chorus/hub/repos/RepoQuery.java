package org.chorus.hub.repos;

import java.util.List;

/**
 * A listing: substring {@code search} on the id, {@code author}, tags all present in {@code filters}, a sort
 * key (downloads, likes, lastModified, createdAt, id; descending unless {@code ascending}), and a page.
 */
public record RepoQuery(RepoType type, String search, String author, List<String> filters, String sort,
                        boolean ascending, int offset, int limit) {
    public static final int MAX_LIMIT = 1000;

    public RepoQuery {
        filters = filters == null ? List.of() : List.copyOf(filters);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw org.chorus.core.ChorusException.invalid("limit must be between 1 and " + MAX_LIMIT);
        }
        if (offset < 0) {
            throw org.chorus.core.ChorusException.invalid("offset must not be negative");
        }
    }
}
