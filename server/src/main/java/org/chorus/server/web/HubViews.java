package org.chorus.server.web;

import org.chorus.discovery.CardSearch;
import org.chorus.hub.lfs.XetFileIndex;
import org.chorus.hub.repos.Activity;
import org.chorus.hub.repos.CommitViews;
import org.chorus.hub.repos.DownloadStats;
import org.chorus.hub.repos.FileViews;
import org.chorus.hub.repos.ModelTrees;
import org.chorus.hub.repos.RepoLikes;
import org.chorus.hub.repos.RepoSearch;
import org.chorus.hub.repos.Repos;
import org.chorus.viewer.DatasetViewer;

/**
 * The hub services behind the pages' panels (likes, per-day downloads, the lists and their facet counts, search by meaning, model trees, activity, file
 * summaries, commit diffs, which large files are Xet files, the dataset viewer), opened once by the node and shared with the JSON routes that serve the same data, so a
 * page and its API call read alike.
 */
public record HubViews(RepoLikes likes, DownloadStats downloads, RepoSearch search, ModelTrees trees, Activity activity,
                       FileViews files, CommitViews commits, XetFileIndex xet, CardSearch cards, DatasetViewer viewer) {

    /** The views over {@code repos} and the given services (file summaries and diffs read through {@code repos}). */
    public HubViews(Repos repos, RepoLikes likes, DownloadStats downloads, RepoSearch search, ModelTrees trees, Activity activity,
                    XetFileIndex xet, CardSearch cards, DatasetViewer viewer) {
        this(likes, downloads, search, trees, activity, FileViews.create(repos), CommitViews.create(repos), xet, cards, viewer);
    }
}
