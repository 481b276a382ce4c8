package org.chorus.server.web.hub;

import java.util.List;
import org.chorus.hub.repos.CommitViews;
import org.chorus.server.web.Shell;

/**
 * One commit: its message, parents and each file it changed, text as numbered unified hunks, large and binary files as
 * size and sha256 before → after.
 */
public record CommitView(Shell shell, RepoHeader header, String title, String body, String sha, String authors, String date,
                         String isoDate, List<Parent> parents, String treeHref, List<FileDiff> files, int additions,
                         int deletions, boolean truncated) {

    public record Parent(String shortSha, String href) {}

    public record FileDiff(String anchor, String change, String path, String oldPath, String kind, boolean text,
                           String sizes, String hashes, int additions, int deletions, List<CommitViews.Hunk> hunks,
                           boolean truncated) {}
}
