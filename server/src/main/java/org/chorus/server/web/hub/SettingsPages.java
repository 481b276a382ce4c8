package org.chorus.server.web.hub;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.List;
import java.util.Optional;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.hub.accounts.Principal;
import org.chorus.hub.accounts.Role;
import org.chorus.hub.repos.LfsFile;
import org.chorus.hub.repos.Page;
import org.chorus.hub.repos.Repo;
import org.chorus.hub.repos.RepoId;
import org.chorus.hub.repos.RepoType;
import org.chorus.hub.repos.Repos;
import org.chorus.server.hf.HubRequests;
import org.chorus.server.web.Links;
import org.chorus.server.web.Pages;
import org.chorus.server.web.WebAuth;
import org.chorus.server.web.WebRoutes;

/**
 * {@code …/settings}: for those who may write (readers get the 403 page, those who may not see the repository the
 * 404 page, anonymous visitors of a public one the sign-in page). Changes need admin, as through the API: visibility
 * ({@link Repos#setPrivate}), rename or transfer ({@link Repos#move}, as {@code POST /api/repos/move}) and delete after
 * typing the full name, and removing large files the repository holds ({@link Repos#deleteLfsFiles}, as
 * {@code permanently_delete_lfs_files}). Each is a CSRF-checked {@code action} route that redirects back (303).
 */
public final class SettingsPages {
    /** Large files listed per page, and at most removed per post. */
    static final int LARGE_FILES_PAGE = 100;

    private final WebAuth auth;
    private final Repos repos;
    private final FilePages files;

    public SettingsPages(WebAuth auth, Repos repos, FilePages files) {
        this.auth = auth;
        this.repos = repos;
        this.files = files;
    }

    public void show(Context ctx, RepoType type) {
        Optional<Principal> caller = auth.principal(ctx);
        RepoId id = id(ctx, type);
        Role role = requireWriter(caller, id);
        Repo repo = repos.get(caller, id);
        String done = ctx.queryParam("done");
        if (done != null && !done.equals("visibility") && !done.equals("moved") && !done.equals("storage")) {
            done = null;
        }
        int offset = HubRequests.intParam(ctx, "files", 0, 0, Integer.MAX_VALUE - LARGE_FILES_PAGE);
        Page<LfsFile> large = repos.lfsFiles(caller.orElseThrow(), id, offset, LARGE_FILES_PAGE);
        List<SettingsView.LargeFileRow> rows = large.items().stream().map(f -> new SettingsView.LargeFileRow(f.filename(),
                Formats.size(f.size()), Formats.date(f.pushedAt()), f.oid())).toList();
        Pages.render(ctx, "hub/settings.jte", new SettingsView(auth.shell(ctx, "Settings · " + repo.fullName()),
                RepoHeader.of(repo, RepoHeader.TabName.SETTINGS, true), repo.fullName(), id.owner(), id.name(), repo.isPrivate(),
                role.includes(Role.ADMIN), Links.settings(id, "visibility"), Links.settings(id, "move"), Links.settings(id, "delete"), done,
                rows, Links.settings(id, "lfs-files"),
                large.hasMore() ? Links.settings(id, "") + "?files=" + (offset + LARGE_FILES_PAGE) + "#storage" : null));
    }

    public void visibility(Context ctx, RepoType type) {
        RepoId id = id(ctx, type);
        Principal actor = actor(ctx, id);
        String visibility = ctx.formParam("visibility");
        if (!"private".equals(visibility) && !"public".equals(visibility)) {
            throw ChorusException.invalid("visibility must be public or private");
        }
        repos.setPrivate(actor, id, "private".equals(visibility));
        ctx.redirect(Links.settings(id, "") + "?done=visibility", HttpStatus.SEE_OTHER);
    }

    public void move(Context ctx, RepoType type) {
        RepoId id = id(ctx, type);
        Principal actor = actor(ctx, id);
        String target = ctx.formParam("new_name");
        target = target == null ? "" : target.strip();
        int slash = target.indexOf('/');
        if (slash <= 0 || slash != target.lastIndexOf('/')) {
            throw ChorusException.invalid("the new name must be owner/name");
        }
        RepoId to = RepoId.of(type, target.substring(0, slash), target.substring(slash + 1));
        Repo moved = repos.move(actor, id, to);
        ctx.redirect(Links.settings(moved.repoId(), "") + "?done=moved", HttpStatus.SEE_OTHER);
    }

    public void delete(Context ctx, RepoType type) {
        RepoId id = id(ctx, type);
        Principal actor = actor(ctx, id);
        String confirm = ctx.formParam("confirm");
        Repo repo = repos.get(Optional.of(actor), id);
        if (confirm == null || !confirm.strip().equals(repo.fullName())) {
            throw ChorusException.invalid("type the repository's full name, " + repo.fullName() + ", to delete it");
        }
        repos.delete(actor, id);
        ctx.redirect(Links.owner(id.owner()), HttpStatus.SEE_OTHER);
    }

    public void deleteLargeFiles(Context ctx, RepoType type) {
        RepoId id = id(ctx, type);
        Principal actor = actor(ctx, id);
        List<String> shas = ctx.formParams("sha");
        if (shas.isEmpty()) {
            throw ChorusException.invalid("choose at least one large file to remove");
        }
        if (shas.size() > LARGE_FILES_PAGE) {
            throw ChorusException.invalid("at most " + LARGE_FILES_PAGE + " large files at a time from this page");
        }
        if (!"yes".equals(ctx.formParam("confirm"))) {
            throw ChorusException.invalid("tick the box that says commits naming these files will show their pointers instead");
        }
        repos.deleteLfsFiles(actor, id, shas);
        ctx.redirect(Links.settings(id, "") + "?done=storage#storage", HttpStatus.SEE_OTHER);
    }

    private RepoId id(Context ctx, RepoType type) {
        WebRoutes.requireOwner(ctx, ctx.pathParam("owner"));
        try {
            return HubRequests.repoId(ctx, type);
        } catch (ChorusException e) {
            throw new ChorusException(ErrorCode.NOT_FOUND, "no such repository");
        }
    }

    /** The caller of a change: the same checks as the page, so a reader's forged post is refused before the service. */
    private Principal actor(Context ctx, RepoId id) {
        Optional<Principal> caller = auth.principal(ctx);
        requireWriter(caller, id);
        return caller.orElseThrow();
    }

    private Role requireWriter(Optional<Principal> caller, RepoId id) {
        Role role = repos.access(caller, id).orElseThrow(() -> new ChorusException(ErrorCode.REPO_NOT_FOUND, "no such repository"));
        if (caller.isEmpty()) {
            throw new ChorusException(ErrorCode.UNAUTHENTICATED, "sign in to change this repository's settings");
        }
        if (!role.includes(Role.WRITE)) {
            throw new ChorusException(ErrorCode.PERMISSION_DENIED, "Only members who may write to this repository see its settings.");
        }
        return role;
    }
}
