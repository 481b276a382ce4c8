package org.chorus.server.web.hub;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.core.NulText;
import org.chorus.hub.repos.CommitOp;
import org.chorus.hub.repos.CommitRequest;
import org.chorus.hub.repos.FileEntry;
import org.chorus.hub.repos.Repo;
import org.chorus.hub.repos.RepoPaths;
import org.chorus.hub.repos.RepoType;
import org.chorus.hub.repos.Repos;
import org.chorus.server.web.Links;
import org.chorus.server.web.Markdown;
import org.chorus.server.web.Pages;
import org.chorus.server.web.WebAuth;

/**
 * Edits a text file in the browser ({@code …/edit/{branch}/<path>}, write access): a textarea, a Markdown preview
 * rendered by the server through the same sanitizer as cards (htmx POST to {@code …/preview}), and a commit of the new
 * text with the commit it was read at as parent, so an edit made over someone else's change is refused (CONFLICT).
 */
public final class EditPages {
    /** Larger files are not edited in a textarea; the page says to use git or the CLI. */
    static final int MAX_EDIT_BYTES = 1 << 20;
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");

    private final WebAuth auth;
    private final Repos repos;
    private final RepoPages repoPages;

    public EditPages(WebAuth auth, Repos repos, RepoPages repoPages) {
        this.auth = auth;
        this.repos = repos;
        this.repoPages = repoPages;
    }

    public void form(Context ctx, RepoType type) throws IOException {
        Repo repo = repoPages.loadForWrite(ctx, type);
        String branch = ctx.pathParam("rev");
        String path = RepoPaths.require(ctx.pathParam("path"));
        String parent = repo.sha() == null ? "" : repos.resolve(repo, branch);
        String text = parent.isEmpty() ? "" : current(repo, parent, path);
        render(ctx, repo, new EditView.Form(branch, path, text, parent, "Update " + path, null));
    }

    /** Commits the edited text; a refused commit shows the form again with the message next to the button. */
    public void commit(Context ctx, RepoType type) throws IOException {
        Repo repo = repoPages.loadForWrite(ctx, type);
        String branch = ctx.pathParam("rev");
        String path = RepoPaths.requireNew(ctx.pathParam("path"));
        String content = ctx.formParam("content");
        if (content == null) {
            // a form without the field would have emptied the file
            throw ChorusException.invalid("content is required: the file's new text");
        }
        String parent = ctx.formParam("parent") == null ? "" : ctx.formParam("parent");
        String summary = ctx.formParam("summary") == null || ctx.formParam("summary").isBlank() ? "Update " + path : ctx.formParam("summary").strip();
        if (!parent.isEmpty() && !COMMIT.matcher(parent).matches()) {
            throw ChorusException.invalid("parent must be a commit id");
        }
        try {
            if (content.length() > MAX_EDIT_BYTES) {
                throw ChorusException.invalid("the text is larger than " + MAX_EDIT_BYTES + " bytes");
            }
            // what the form refuses to open (a large or binary file) it must not overwrite either
            String base = !parent.isEmpty() ? parent : repo.sha() == null ? "" : repos.resolve(repo, branch);
            if (!base.isEmpty()) {
                current(repo, base, path);
            }
            repos.commit(auth.required(ctx), repo.repoId(), new CommitRequest(branch, summary, null, parent.isEmpty() ? null : parent,
                    List.of(new CommitOp.AddFile(path, content.getBytes(StandardCharsets.UTF_8)))));
        } catch (ChorusException e) {
            if (e.code() != ErrorCode.CONFLICT && e.code() != ErrorCode.INVALID_ARGUMENT) {
                throw e;
            }
            ctx.status(e.code() == ErrorCode.CONFLICT ? HttpStatus.CONFLICT : HttpStatus.BAD_REQUEST);
            render(ctx, repo, new EditView.Form(branch, path, content, parent, summary, e.getMessage()));
            return;
        }
        ctx.redirect(Links.repo(repo.repoId()), HttpStatus.SEE_OTHER);
    }

    /** The preview fragment: the text as a card would show it (front matter aside, sanitized, relative URLs on the branch). */
    public void preview(Context ctx, RepoType type) {
        Repo repo = repoPages.loadForWrite(ctx, type);
        String content = ctx.formParam("content") == null ? "" : ctx.formParam("content");
        if (content.length() > MAX_EDIT_BYTES) {
            throw ChorusException.invalid("the text is larger than " + MAX_EDIT_BYTES + " bytes");
        }
        Pages.render(ctx, "hub/preview.jte", new EditView.Preview(Markdown.toSafeHtml(Markdown.withoutFrontMatter(content),
                Links.resolve(repo.repoId(), ctx.pathParam("rev"), "", false))));
    }

    private void render(Context ctx, Repo repo, EditView.Form form) {
        int status = ctx.statusCode() >= 400 ? ctx.statusCode() : 200;
        Pages.render(ctx, status, "hub/edit.jte", new EditView(auth.shell(ctx, "Edit " + form.path() + " · " + repo.fullName()),
                RepoHeader.of(repo, RepoHeader.TabName.FILES), form, Links.edit(repo.repoId(), form.branch(), form.path()),
                Links.preview(repo.repoId(), form.branch())));
    }

    /** The file's text at {@code commit}; a new file is empty, a large or binary one cannot be edited here. */
    private String current(Repo repo, String commit, String path) throws IOException {
        FileEntry file;
        try {
            file = repos.file(repo, commit, path);
        } catch (ChorusException e) {
            if (e.code() == ErrorCode.ENTRY_NOT_FOUND) {
                return "";
            }
            throw e;
        }
        if (file.size() > MAX_EDIT_BYTES) {
            throw ChorusException.invalid(path + " is larger than 1 MiB: edit it with git or `chorus upload`");
        }
        try (InputStream in = repos.open(repo, file, 0, file.size())) {
            byte[] bytes = in.readAllBytes();
            if (NulText.contains(bytes)) {
                throw ChorusException.invalid(path + " is not text");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
