package org.chorus.server.web.hub;

import java.time.Instant;
import java.util.List;
import org.chorus.server.web.Shell;

/**
 * The home page. Signed in: the caller's repositories, organisations and the latest commits to repositories they can
 * see (all empty when signed out). Everyone: trending models and datasets, and what changed last.
 */
public record HomeView(Shell shell, List<RepoRow> mine, List<OrgRow> orgs, List<ActivityRow> activity,
                       List<RepoRow> trendingModels, List<RepoRow> trendingDatasets, List<RepoRow> recent) {

    /** An organisation the caller belongs to, with their role there. */
    public record OrgRow(String name, String href, String avatar, String role) {}

    /** A commit in the feed: who, to which repository, its title, and when. */
    public record ActivityRow(String repo, String repoHref, String title, String commitHref, String author, String authorHref, Instant at) {}
}
