package org.chorus.server.web.hub;

import java.util.List;
import org.chorus.hub.repos.Repo;
import org.chorus.hub.repos.RepoType;
import org.chorus.server.web.Links;

/**
 * The header every repository page shares (shared/repoHeader.jte): owner / name, badges, and the tab bar. Tabs the
 * next pages add (files, history, settings) are listed in {@link #tabs}; {@code current} is the one shown.
 */
public record RepoHeader(String kind, String owner, String ownerHref, String name, String href, boolean isPrivate,
                         String task, String library, long downloads, long likes, List<Tab> tabs) {

    /** A tab under the header; {@code current} marks the page being shown (aria-current). */
    public record Tab(String label, String href, boolean current) {}

    /** The tab names, in order; a page passes its own to mark it current. */
    public enum TabName { CARD, VIEWER, FILES, HISTORY, SETTINGS }

    static RepoHeader of(Repo repo, TabName current) {
        return of(repo, current, false);
    }

    /** With {@code settings}, the Settings tab too (callers who may write). */
    static RepoHeader of(Repo repo, TabName current, boolean settings) {
        var id = repo.repoId();
        String href = Links.repo(id);
        List<Tab> tabs = new java.util.ArrayList<>(List.of(
                new Tab(repo.type() == RepoType.MODEL ? "Model card" : "Dataset card", href, current == TabName.CARD)));
        if (repo.type() == RepoType.DATASET) {
            tabs.add(new Tab("Viewer", Links.repoTab(id, "viewer"), current == TabName.VIEWER));
        }
        tabs.add(new Tab("Files and versions", Links.repoTab(id, "tree/main"), current == TabName.FILES));
        tabs.add(new Tab("History", Links.repoTab(id, "commits/main"), current == TabName.HISTORY));
        if (settings) {
            tabs.add(new Tab("Settings", Links.settings(id, ""), current == TabName.SETTINGS));
        }
        return new RepoHeader(repo.type().wire(), id.owner(), Links.owner(id.owner()), id.name(), href, repo.isPrivate(),
                repo.pipelineTag(), repo.libraryName(), repo.downloads(), repo.likes(), List.copyOf(tabs));
    }
}
