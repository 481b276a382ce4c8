package org.chorus.server.web.explore;

import java.util.ArrayList;
import java.util.List;
import org.chorus.hub.repos.RepoQuery;
import org.chorus.hub.repos.RepoType;
import org.chorus.server.web.Links;

/**
 * What a model or dataset list shows, as its URL holds it; each link on the page (a facet, a sort, a page) is this
 * query with one thing changed.
 */
public record ListQuery(RepoType type, String search, String author, List<String> filters, String sort, int page) {
    /** The listing's own query for {@link org.chorus.hub.repos.Repos#list}, one page of {@code pageSize} rows. */
    RepoQuery toRepoQuery(int pageSize) {
        return new RepoQuery(type, search, author, filters, sort, false, page * pageSize, pageSize);
    }

    public String href() {
        return Links.list(type, search, author, filters, sort, page);
    }

    public boolean has(String filter) {
        return filters.contains(filter);
    }

    /** The same list with {@code filter} added, or removed when present; back to the first page. */
    public ListQuery toggle(String filter) {
        List<String> next = new ArrayList<>(filters);
        if (!next.remove(filter)) {
            next.add(filter);
        }
        return new ListQuery(type, search, author, next, sort, 0);
    }

    /** The same list for {@code org}'s repositories, or for everyone's when it is already that organisation's. */
    public ListQuery toggleAuthor(String org) {
        return new ListQuery(type, search, org.equals(author) ? null : org, filters, sort, 0);
    }

    public ListQuery sorted(String key) {
        return new ListQuery(type, search, author, filters, key, 0);
    }

    public ListQuery atPage(int p) {
        return new ListQuery(type, search, author, filters, sort, p);
    }
}
