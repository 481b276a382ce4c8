package org.chorus.server.web.hub;

import org.chorus.hub.repos.Repo;
import org.chorus.server.web.Links;

/** One repository in a list: its link, name, task, privacy and counts. */
public record RepoRow(String href, String name, String task, boolean isPrivate, long downloads, long likes) {
    static RepoRow of(Repo r) {
        return new RepoRow(Links.repo(r.repoId()), r.fullName(), r.pipelineTag(), r.isPrivate(), r.downloads(), r.likes());
    }
}
