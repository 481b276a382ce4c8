package org.chorus.server.web.hub;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.hub.accounts.Principal;
import org.chorus.hub.accounts.Role;
import org.chorus.hub.repos.FileEntry;
import org.chorus.hub.repos.Repo;
import org.chorus.hub.repos.RepoId;
import org.chorus.hub.repos.RepoType;
import org.chorus.hub.repos.Repos;
import org.chorus.server.hf.HubRequests;
import org.chorus.server.web.HubViews;
import org.chorus.server.web.Links;
import org.chorus.server.web.Markdown;
import org.chorus.server.web.Pages;
import org.chorus.server.web.WebAuth;
import org.chorus.server.web.registry.Registrations;
import org.chorus.server.web.WebRoutes;

/**
 * The repository page. {@link #load} is the one place that turns {@code /{owner}/{repo}} into a repository the caller
 * may read: a repository they may not see answers REPO_NOT_FOUND exactly like a missing one (same 404 page). The next
 * tabs (files, history, settings) call it first, as Gitea's RepoAssignment does.
 */
public final class RepoPages {
    /** Cards larger than this are shown truncated: a page must stay quick whatever a README holds. */
    static final int MAX_CARD_BYTES = 512 * 1024;

    /** Days the downloads chart covers. */
    static final int CHART_DAYS = 30;

    private final WebAuth auth;
    private final Repos repos;
    private final HubViews views;
    private final Registrations registrations;

    public RepoPages(WebAuth auth, Repos repos, HubViews views, Registrations registrations) {
        this.auth = auth;
        this.repos = repos;
        this.views = views;
        this.registrations = registrations;
    }

    /** The repository named by the path, if the caller may read it; else the 404 page (same for missing and hidden). */
    public Repo load(Context ctx, RepoType type) {
        WebRoutes.requireOwner(ctx, ctx.pathParam("owner"));
        RepoId id;
        try {
            id = HubRequests.repoId(ctx, type);
        } catch (ChorusException e) {
            throw new ChorusException(ErrorCode.NOT_FOUND, "no such repository");
        }
        Optional<Principal> caller = auth.principal(ctx);
        return repos.get(caller, id);
    }

    /**
     * The repository named by the path, if the caller may change it: first the read check of {@link #load} (the same
     * 404 for hidden and missing), then the write check of the API (signed out: the sign-in page; read only: 403).
     */
    public Repo loadForWrite(Context ctx, RepoType type) {
        Repo repo = load(ctx, type);
        return repos.requireWrite(auth.principal(ctx), repo.repoId());
    }

    /** Whether the caller may write, for the Settings tab and the links to change files. */
    boolean mayWrite(Context ctx, Repo repo) {
        Optional<Principal> caller = auth.principal(ctx);
        return caller.isPresent() && repos.access(caller, repo.repoId()).map(r -> r.includes(Role.WRITE)).orElse(false);
    }

    public void card(Context ctx, RepoType type) throws IOException {
        Repo repo = load(ctx, type);
        // the card is main's README, so its relative images and links name main's files
        String html = readme(repo).map(text -> Markdown.toSafeHtml(Markdown.withoutFrontMatter(text), Links.resolve(repo.repoId(), "main", "", false)))
                .orElse(null);
        Optional<Principal> caller = auth.principal(ctx);
        String endpoint = HubRequests.base(ctx);
        CardExtras extras = new CardExtras(DownloadChart.of(views.downloads().daily(repo, CHART_DAYS)),
                likeButton(ctx, caller, repo, views.likes().likes(caller, repo), repo.likes()), Snippets.of(repo, endpoint),
                repo.type() == RepoType.MODEL ? ModelTreePanel.of(views.trees().tree(caller, repo.repoId())) : null,
                registrations.of(caller, repo.repoId()));
        Pages.render(ctx, "hub/card.jte", new CardView(auth.shell(ctx, repo.fullName()), RepoHeader.of(repo, RepoHeader.TabName.CARD, mayWrite(ctx, repo)),
                html, CardMetadata.of(repo.cardData()), endpoint + Links.repo(repo.repoId()), extras));
    }

    /**
     * {@code POST /{owner}/{repo}/like} with {@code like=true|false}: the hub's like (read access and a write-capable
     * session, as {@code POST /api/models/{repo}/like}). htmx gets the button back; a plain form goes back to the page.
     */
    public void like(Context ctx, RepoType type) {
        Repo repo = load(ctx, type); // first: a repository the caller may not see is the same 404 signed in or out
        Principal actor = auth.required(ctx);
        boolean like = !"false".equals(ctx.formParam("like"));
        long count = views.likes().like(actor, repo.repoId(), like);
        if (ctx.header("HX-Request") != null) {
            Pages.render(ctx, "hub/like.jte", likeButton(ctx, Optional.of(actor), repo, like, count));
        } else {
            ctx.redirect(Links.repo(repo.repoId()), HttpStatus.SEE_OTHER);
        }
    }

    private LikeButton likeButton(Context ctx, Optional<Principal> caller, Repo repo, boolean liked, long count) {
        return new LikeButton(Links.like(repo.repoId()), caller.isPresent() ? auth.csrf(ctx) : null, caller.isPresent(), liked, count,
                Links.loginThen(Links.repo(repo.repoId())));
    }

    private Optional<String> readme(Repo repo) throws IOException {
        if (repo.sha() == null) {
            return Optional.empty();
        }
        FileEntry file;
        try {
            file = repos.file(repo, "main", "README.md");
        } catch (ChorusException e) {
            if (e.code() == ErrorCode.ENTRY_NOT_FOUND || e.code() == ErrorCode.REVISION_NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
        long length = Math.min(file.size(), MAX_CARD_BYTES);
        try (InputStream in = repos.open(repo, file, 0, length)) {
            return Optional.of(new String(in.readNBytes((int) length), StandardCharsets.UTF_8));
        }
    }
}
