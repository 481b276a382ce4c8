package org.chorus.server.web;

import org.chorus.hub.repos.Activity;
import org.chorus.hub.repos.DownloadStats;
import org.chorus.hub.repos.ModelTrees;
import org.chorus.hub.repos.RepoFacets;
import org.chorus.hub.repos.RepoLikes;

/**
 * The hub services behind the pages' panels (likes, per-day downloads, facet counts, model trees, activity), opened
 * once by the node and shared with the JSON routes that serve the same data, so a page and its API call read alike.
 */
public record HubViews(RepoLikes likes, DownloadStats downloads, RepoFacets facets, ModelTrees trees, Activity activity) {}
