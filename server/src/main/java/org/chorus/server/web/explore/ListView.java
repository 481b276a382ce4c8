package org.chorus.server.web.explore;

import java.util.List;
import org.chorus.server.web.Shell;
import org.chorus.server.web.hub.RepoRow;

/**
 * {@code /models} and {@code /datasets}: the query, the matching total, facets with counts, sorts, one page of rows
 * and the links to the pages around it ({@code null} at either end).
 */
public record ListView(Shell shell, String heading, ListQuery query, long total, List<FacetGroup> facets, List<SortLink> sorts,
                       List<RepoRow> rows, String previous, String next) {

    /** The search box searches names, cards and tags (the index), so it says "Search models", not "Filter by name". */
    public String searchLabel() {
        return "Search " + heading.toLowerCase(java.util.Locale.ROOT);
    }

    /** One facet of the sidebar: its label and its values. */
    public record FacetGroup(String id, String label, List<FacetValue> values) {}

    /** A value with how many repositories have it; {@code href} toggles it on or off. */
    public record FacetValue(String value, long count, String href, boolean selected) {}

    public record SortLink(String label, String href, boolean current) {}
}
