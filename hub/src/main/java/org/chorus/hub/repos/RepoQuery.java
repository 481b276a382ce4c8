package org.chorus.hub.repos;

import java.util.List;

/**
 * A listing: substring {@code search} on the id, {@code author}, tags all present in {@code filters}, a sort
 * key (trending, downloads, likes, lastModified, createdAt, id; descending unless {@code ascending}), and a page.
 */
public record RepoQuery(RepoType type, String search, String author, List<String> filters, String sort,
                        boolean ascending, int offset, int limit) {
    public static final int MAX_LIMIT = Page.MAX_LIMIT;

    public RepoQuery {
        filters = filters == null ? List.of() : List.copyOf(filters);
        Page.requireWindow(offset, limit);
    }
}
