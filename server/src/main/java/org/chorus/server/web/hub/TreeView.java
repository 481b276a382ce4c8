package org.chorus.server.web.hub;

import java.util.List;
import org.chorus.server.web.Shell;

/**
 * A directory at a revision: entries (directories first), their last commits loaded afterwards from
 * {@code commitsHref} (htmx; null when there is nothing to load), and the next page's link when the directory holds
 * more than one page of entries. {@code uploadHref}/{@code deleteHref} are there for callers who may write on a branch.
 */
public record TreeView(Shell shell, RepoHeader header, RevSelector revs, List<Crumb> crumbs, TreeRows rows, long total,
                       String previousHref, String nextHref, String historyHref, boolean empty,
                       String uploadHref, String deleteHref) {

    /** The rows of the table; a fragment of their own so that htmx can swap them in with their last commits. */
    public record TreeRows(List<EntryRow> entries, String commitsHref) {}

    /** One file or directory; {@code commit*} are null until last commits are loaded. */
    public record EntryRow(String name, String href, boolean directory, String size, boolean lfs, boolean xet, String downloadHref,
                           String commitTitle, String commitHref, String commitDate, String commitIsoDate) {}
}
