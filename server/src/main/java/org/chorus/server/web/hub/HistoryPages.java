package org.chorus.server.web.hub;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.ArrayList;
import java.util.List;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.hub.repos.CommitInfo;
import org.chorus.hub.repos.CommitViews;
import org.chorus.hub.repos.Page;
import org.chorus.hub.repos.Repo;
import org.chorus.hub.repos.RepoId;
import org.chorus.hub.repos.RepoRefs;
import org.chorus.hub.repos.RepoType;
import org.chorus.hub.repos.Repos;
import org.chorus.server.web.Links;
import org.chorus.server.web.Pages;
import org.chorus.server.web.WebAuth;

/**
 * "History": the commits of a revision ({@code …/commits/{rev}?p=N}), one commit with its diff
 * ({@code …/commit/{sha}}, through the hub's {@link CommitViews}), and the branches and tags ({@code …/refs}).
 */
public final class HistoryPages {
    static final int COMMITS_PAGE = 50;

    private final WebAuth auth;
    private final Repos repos;
    private final RepoPages repoPages;
    private final CommitViews commitViews;

    public HistoryPages(WebAuth auth, Repos repos, RepoPages repoPages, CommitViews commitViews) {
        this.auth = auth;
        this.repos = repos;
        this.repoPages = repoPages;
        this.commitViews = commitViews;
    }

    /** {@code …/commits/{rev}}, or with {@code filePath} {@code …/commits/{rev}/{path}}: the commits that changed that path. */
    public void commits(Context ctx, RepoType type, boolean filePath) {
        Repo repo = repoPages.load(ctx, type);
        RepoId id = repo.repoId();
        String rev = ctx.pathParam("rev");
        String path = filePath ? FilePages.trimSlashes(ctx.pathParam("path")) : null;
        if (path != null && path.isEmpty()) {
            ctx.redirect(Links.commits(id, rev, 0), HttpStatus.FOUND);
            return;
        }
        int page = FilePages.intParam(ctx, "p");
        List<CommitsView.Row> rows = new ArrayList<>();
        long total = 0;
        boolean more = false;
        if (repo.sha() != null || !"main".equals(rev)) {
            if ((long) page * COMMITS_PAGE > Integer.MAX_VALUE - COMMITS_PAGE) {
                throw new ChorusException(ErrorCode.NOT_FOUND, "no such page");
            }
            Page<CommitInfo> commits = path == null ? repos.commits(repo, rev, page * COMMITS_PAGE, COMMITS_PAGE)
                    : repos.commits(repo, rev, path, page * COMMITS_PAGE, COMMITS_PAGE);
            for (CommitInfo c : commits.items()) {
                rows.add(new CommitsView.Row(c.title(), Links.commit(id, c.id()), Formats.shortSha(c.id()), c.id(),
                        String.join(", ", c.authors()), Formats.date(c.date()), Formats.isoDate(c.date()), Links.tree(id, c.id(), "")));
            }
            total = commits.total();
            more = commits.hasMore();
        }
        int pages = (int) Math.max(1, (total + COMMITS_PAGE - 1) / COMMITS_PAGE);
        String title = (path == null ? "Commits · " : "History of " + path + " · ") + repo.fullName();
        Pages.render(ctx, "hub/commits.jte", new CommitsView(auth.shell(ctx, title),
                RepoHeader.of(repo, RepoHeader.TabName.HISTORY, repoPages.mayWrite(ctx, repo)), rev, path,
                path == null ? null : Links.blob(id, rev, path), rows, total, page, pages,
                page > 0 ? pageLink(id, rev, path, page - 1) : null, more ? pageLink(id, rev, path, page + 1) : null));
    }

    private static String pageLink(RepoId id, String rev, String path, int page) {
        return path == null ? Links.commits(id, rev, page) : Links.fileCommits(id, rev, path, page);
    }

    public void commit(Context ctx, RepoType type) {
        Repo repo = repoPages.load(ctx, type);
        RepoId id = repo.repoId();
        CommitViews.CommitDiff diff = commitViews.diff(repo, ctx.pathParam("sha"));
        CommitInfo c = diff.commit();
        List<CommitView.FileDiff> fileDiffs = new ArrayList<>();
        int additions = 0;
        int deletions = 0;
        int n = 0;
        for (CommitViews.FileChange f : diff.files()) {
            additions += f.additions();
            deletions += f.deletions();
            String path = f.newPath() != null ? f.newPath() : f.oldPath();
            String oldPath = f.change() == CommitViews.Change.RENAME || f.change() == CommitViews.Change.COPY ? f.oldPath() : null;
            boolean text = f.kind() == CommitViews.Kind.TEXT;
            String sizes = null;
            String hashes = null;
            if (!text) {
                sizes = side(f.change() == CommitViews.Change.ADD, f.oldSize()) + " → " + side(f.change() == CommitViews.Change.DELETE, f.newSize());
                hashes = hash(f.oldSha256()) + " → " + hash(f.newSha256());
            }
            fileDiffs.add(new CommitView.FileDiff("file-" + (n++), f.change().name().toLowerCase(java.util.Locale.ROOT), path, oldPath,
                    f.kind() == CommitViews.Kind.LARGE ? "large file" : f.kind() == CommitViews.Kind.BINARY ? "binary" : null, text,
                    sizes, hashes, f.additions(), f.deletions(), f.hunks() == null ? List.of() : f.hunks(), f.truncated()));
        }
        String message = c.message() == null ? "" : c.message();
        String body = message.startsWith(c.title()) ? message.substring(c.title().length()).strip() : message.strip();
        List<CommitView.Parent> parents = diff.parents().stream().map(p -> new CommitView.Parent(Formats.shortSha(p), Links.commit(id, p))).toList();
        Pages.render(ctx, "hub/commit.jte", new CommitView(auth.shell(ctx, c.title() + " · " + repo.fullName()),
                RepoHeader.of(repo, RepoHeader.TabName.HISTORY, repoPages.mayWrite(ctx, repo)), c.title(), body, c.id(),
                String.join(", ", c.authors()), Formats.date(c.date()), Formats.isoDate(c.date()), parents, Links.tree(id, c.id(), ""),
                fileDiffs, additions, deletions, diff.truncated()));
    }

    public void refs(Context ctx, RepoType type) {
        Repo repo = repoPages.load(ctx, type);
        RepoId id = repo.repoId();
        RepoRefs refs = repos.refs(repo);
        Pages.render(ctx, "hub/refs.jte", new RefsView(auth.shell(ctx, "Branches and tags · " + repo.fullName()),
                RepoHeader.of(repo, RepoHeader.TabName.FILES, repoPages.mayWrite(ctx, repo)),
                refs.branches().stream().map(r -> ref(id, r)).toList(), refs.tags().stream().map(r -> ref(id, r)).toList()));
    }

    private static RefsView.Ref ref(RepoId id, RepoRefs.Named r) {
        return new RefsView.Ref(r.name(), Links.tree(id, r.name(), ""), Links.commits(id, r.name(), 0), Links.commit(id, r.targetCommit()),
                Formats.shortSha(r.targetCommit()));
    }

    private static String side(boolean absent, long size) {
        return absent ? "none" : Formats.size(size);
    }

    private static String hash(String sha256) {
        return sha256 == null ? "—" : sha256;
    }
}
