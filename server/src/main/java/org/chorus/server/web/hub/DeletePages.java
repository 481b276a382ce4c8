package org.chorus.server.web.hub;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.ArrayList;
import java.util.List;
import org.chorus.core.ChorusException;
import org.chorus.hub.repos.CommitOp;
import org.chorus.hub.repos.CommitRequest;
import org.chorus.hub.repos.Repo;
import org.chorus.hub.repos.RepoPaths;
import org.chorus.hub.repos.RepoType;
import org.chorus.hub.repos.Repos;
import org.chorus.hub.repos.TreeEntry;
import org.chorus.server.web.Links;
import org.chorus.server.web.Pages;
import org.chorus.server.web.WebAuth;

/** Deletes files from a branch ({@code …/delete/{branch}}, write access): the branch's files with checkboxes, one commit. */
public final class DeletePages {
    /** The list shows at most this many files; larger repositories delete with the CLI. */
    static final int MAX_LISTED = 2000;

    private final WebAuth auth;
    private final Repos repos;
    private final RepoPages repoPages;

    public DeletePages(WebAuth auth, Repos repos, RepoPages repoPages) {
        this.auth = auth;
        this.repos = repos;
        this.repoPages = repoPages;
    }

    public void form(Context ctx, RepoType type) {
        Repo repo = repoPages.loadForWrite(ctx, type);
        String branch = ctx.pathParam("rev");
        List<DeleteView.Row> rows = new ArrayList<>();
        if (repo.sha() != null) {
            for (TreeEntry e : repos.tree(repo, branch, "", true, false)) {
                if (!e.directory() && rows.size() < MAX_LISTED) {
                    rows.add(new DeleteView.Row(e.path(), e.size(), e.lfs() != null));
                }
            }
        }
        Pages.render(ctx, "hub/delete.jte", new DeleteView(auth.shell(ctx, "Delete files · " + repo.fullName()),
                RepoHeader.of(repo, RepoHeader.TabName.FILES), branch, rows, Links.delete(repo.repoId(), branch)));
    }

    public void commit(Context ctx, RepoType type) {
        Repo repo = repoPages.loadForWrite(ctx, type);
        List<String> paths = ctx.formParams("path");
        if (paths.isEmpty()) {
            throw ChorusException.invalid("choose at least one file to delete");
        }
        if (paths.size() > MAX_LISTED) {
            throw ChorusException.invalid("at most " + MAX_LISTED + " files per commit from this page");
        }
        List<CommitOp> ops = paths.stream().map(p -> (CommitOp) new CommitOp.DeleteFile(RepoPaths.require(p))).toList();
        String summary = ctx.formParam("summary");
        repos.commit(auth.required(ctx), repo.repoId(), new CommitRequest(ctx.pathParam("rev"),
                summary == null || summary.isBlank() ? "Delete " + String.join(", ", paths) : summary.strip(), null, null, ops));
        ctx.redirect(Links.delete(repo.repoId(), ctx.pathParam("rev")), HttpStatus.SEE_OTHER);
    }
}
