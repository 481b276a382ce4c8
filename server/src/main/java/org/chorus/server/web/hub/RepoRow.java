package org.chorus.server.web.hub;

import java.time.Instant;
import org.chorus.hub.repos.Repo;
import org.chorus.server.web.Links;

/** One repository in a list: its link, name, task, privacy, counts and when it last changed. */
public record RepoRow(String href, String name, String task, boolean isPrivate, long downloads, long likes, Instant updated,
                      boolean isDataset) {
    public static RepoRow of(Repo r) {
        return new RepoRow(Links.repo(r.repoId()), r.fullName(), r.pipelineTag(), r.isPrivate(), r.downloads(), r.likes(),
                r.lastModified(), r.type() == org.chorus.hub.repos.RepoType.DATASET);
    }
}
