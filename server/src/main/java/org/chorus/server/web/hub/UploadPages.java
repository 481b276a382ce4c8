package org.chorus.server.web.hub;

import io.javalin.http.Context;
import java.util.List;
import org.chorus.hub.repos.Repo;
import org.chorus.hub.repos.RepoRefs;
import org.chorus.hub.repos.RepoType;
import org.chorus.hub.repos.Repos;
import org.chorus.server.web.Links;
import org.chorus.server.web.Pages;
import org.chorus.server.web.WebAuth;

/**
 * The upload page ({@code …/upload/{branch}}, write access). The page only renders the form: the browser's script
 * (upload.js) then calls the same JSON endpoints as huggingface_hub — preupload, the git-lfs batch with multipart
 * parts, the signed part URLs, the NDJSON commit — with the session cookie and this page's CSRF token in
 * {@code X-CSRF-Token}, which is how the API accepts a browser (server.http.Auth). No second upload path exists.
 */
public final class UploadPages {
    private final WebAuth auth;
    private final Repos repos;
    private final RepoPages repoPages;

    public UploadPages(WebAuth auth, Repos repos, RepoPages repoPages) {
        this.auth = auth;
        this.repos = repos;
        this.repoPages = repoPages;
    }

    public void form(Context ctx, RepoType type) {
        Repo repo = repoPages.loadForWrite(ctx, type);
        String branch = ctx.pathParam("rev");
        List<String> branches = branches(repos, repo);
        var id = repo.repoId();
        Pages.render(ctx, "hub/upload.jte", new UploadView(auth.shell(ctx, "Upload to " + repo.fullName()),
                RepoHeader.of(repo, RepoHeader.TabName.FILES), branch, branches, repo.sha() != null,
                new UploadView.Endpoints(Links.api(id), Links.lfsBatch(id), Links.repo(id), Links.delete(id, branch))));
    }

    /** The repository's branch names ({@code main} alone while it has no commit). */
    static List<String> branches(Repos repos, Repo repo) {
        if (repo.sha() == null) {
            return List.of("main");
        }
        return repos.refs(repo).branches().stream().map(RepoRefs.Named::name).toList();
    }
}
