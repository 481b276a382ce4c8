package org.chorus.server.mlflow;

import java.util.List;
import java.util.Optional;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.hub.accounts.Principal;
import org.chorus.hub.repos.FileCommits;
import org.chorus.hub.repos.Repo;
import org.chorus.hub.repos.RepoId;
import org.chorus.hub.repos.RepoType;
import org.chorus.hub.repos.Repos;
import org.chorus.tracking.ModelPublisher;

/** The registry's hub port for one caller: the hub's own permission checks decide what it may read, create and commit. */
final class HubPublisher implements ModelPublisher {
    private final Repos repos;
    private final FileCommits commits;
    private final Principal caller;

    HubPublisher(Repos repos, FileCommits commits, Principal caller) {
        this.repos = repos;
        this.commits = commits;
        this.caller = caller;
    }

    @Override
    public void requireWritableRevision(String owner, String repo, String commit) {
        Repo r = repos.requireWrite(Optional.of(caller), RepoId.of(RepoType.MODEL, owner, repo));
        repos.resolve(r, commit);
    }

    @Override
    public String commit(String owner, String repo, boolean createPrivate, String summary, List<File> files) {
        RepoId id = RepoId.of(RepoType.MODEL, owner, repo);
        ensureWritable(id, createPrivate);
        return commits.commit(caller, id, "main", summary, "", files.stream().map(f -> new FileCommits.File(f.path(), f.bytes()::get)).toList());
    }

    /**
     * A repository the caller cannot see is created: creating checks the caller may write to the owner, so someone
     * else's private repository answers 403 like someone else's public one, and nothing hidden is revealed.
     */
    private void ensureWritable(RepoId id, boolean createPrivate) {
        try {
            repos.requireWrite(Optional.of(caller), id);
        } catch (ChorusException e) {
            if (e.code() != ErrorCode.REPO_NOT_FOUND) {
                throw e;
            }
            try {
                repos.create(caller, id, createPrivate);
            } catch (ChorusException raced) {
                if (raced.code() != ErrorCode.ALREADY_EXISTS) {
                    throw raced;
                }
                repos.requireWrite(Optional.of(caller), id);
            }
        }
    }
}
