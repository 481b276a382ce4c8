package org.chorus.server.web.hub;

import java.util.List;
import org.chorus.server.web.Shell;

/** The commit list of a revision, newest first, a page at a time; with a {@code path}, only the commits that changed it. */
public record CommitsView(Shell shell, RepoHeader header, String rev, String path, String pathHref, List<Row> commits, long total,
                          int page, int pages, String previousHref, String nextHref) {

    public record Row(String title, String href, String shortSha, String sha, String authors, String date, String isoDate, String treeHref) {}
}
