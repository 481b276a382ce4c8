package org.chorus.server.web.hub;

import java.util.List;
import org.chorus.server.web.Shell;

/**
 * The upload page: the branch it commits to (or starts a new branch from), the others, and the endpoints its script
 * calls ({@code hasCommits}: whether preupload can be asked which files go over LFS).
 */
public record UploadView(Shell shell, RepoHeader header, String branch, List<String> branches, boolean hasCommits, Endpoints endpoints) {
    /** The JSON API base of the repository, its LFS batch URL, its page, and the delete page. */
    public record Endpoints(String api, String lfsBatch, String repo, String delete) {}
}
