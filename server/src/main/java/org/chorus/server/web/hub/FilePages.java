package org.chorus.server.web.hub;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.hub.accounts.Principal;
import org.chorus.hub.lfs.XetFileIndex;
import org.chorus.hub.repos.FileEntry;
import org.chorus.hub.repos.FileViews;
import org.chorus.hub.repos.Repo;
import org.chorus.hub.repos.RepoId;
import org.chorus.hub.repos.RepoRefs;
import org.chorus.hub.repos.RepoType;
import org.chorus.hub.repos.Repos;
import org.chorus.hub.repos.TreeEntry;
import org.chorus.server.web.Links;
import org.chorus.server.web.Pages;
import org.chorus.server.web.WebAuth;

/**
 * "Files and versions": a directory at a revision ({@code …/tree/{rev}/{path}}) and a file ({@code …/blob/{rev}/{path}}).
 * Both read through {@link RepoPages#load} (invisible = missing = 404 page) and the same {@link Repos} reads as the API.
 * A directory lists {@value #TREE_PAGE} entries a page (Next / Previous); their last commits come afterwards (htmx, one history
 * walk for the page's entries) so that the first answer stays fast for any history.
 */
public final class FilePages {
    /** Entries a directory page lists, as the Hub's "load more" pages do; the API's tree pages hold 1,000. */
    static final int TREE_PAGE = 100;
    /** Text larger than this is not shown, only linked. */
    static final long MAX_TEXT_BYTES = 1L << 20;
    static final int TABLE_ROWS = 100;
    /** Shown inline from {@code raw}; SVG is not among them (a script-capable document is only ever downloaded). */
    private static final Set<String> IMAGES = Set.of("png", "jpg", "jpeg", "gif", "webp", "bmp", "ico", "avif");
    private static final Set<String> TABLES = Set.of("csv", "tsv", "jsonl");

    /** Whether a file of this name is shown inline as an image (never SVG). */
    public static boolean isImage(String path) {
        return IMAGES.contains(path.substring(path.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT));
    }

    private final WebAuth auth;
    private final Repos repos;
    private final RepoPages repoPages;
    private final FileViews views;
    private final XetFileIndex xet;

    public FilePages(WebAuth auth, Repos repos, RepoPages repoPages, FileViews views, XetFileIndex xet) {
        this.auth = auth;
        this.repos = repos;
        this.repoPages = repoPages;
        this.views = views;
        this.xet = xet;
    }

    public void tree(Context ctx, RepoType type, boolean root) {
        Repo repo = repoPages.load(ctx, type);
        RepoId id = repo.repoId();
        String rev = ctx.pathParam("rev");
        String path = root ? "" : trimSlashes(ctx.pathParam("path"));
        int offset = Math.max(0, intParam(ctx, "offset"));
        boolean writer = mayWrite(ctx, repo);
        RepoHeader header = RepoHeader.of(repo, RepoHeader.TabName.FILES, writer);
        if (repo.sha() == null && path.isEmpty()) {
            Pages.render(ctx, "hub/tree.jte", new TreeView(auth.shell(ctx, repo.fullName()), header,
                    new RevSelector(rev, null, null, List.of(), List.of()), crumbs(id, rev, path, false),
                    new TreeView.TreeRows(List.of(), null), 0, null, null, null, true,
                    writer ? Links.upload(id, rev) : null, null));
            return;
        }
        String commit = repos.resolve(repo, rev);
        List<TreeEntry> all;
        try {
            all = repos.tree(repo, commit, path, false, false);
        } catch (ChorusException e) {
            if (e.code() == ErrorCode.ENTRY_NOT_FOUND && !path.isEmpty() && isFile(repo, commit, path)) {
                ctx.redirect(Links.blob(id, rev, path), HttpStatus.FOUND);
                return;
            }
            throw e;
        }
        all = directoriesFirst(all);
        List<TreeEntry> page = all.subList(Math.min(offset, all.size()), Math.min(offset + TREE_PAGE, all.size()));
        if ("1".equals(ctx.queryParam("commits"))) {
            Map<String, TreeEntry> withCommits = new HashMap<>();
            if (!page.isEmpty()) {
                for (TreeEntry e : repos.pathsInfo(repo, commit, page.stream().map(TreeEntry::path).toList(), true)) {
                    withCommits.put(e.path(), e);
                }
            }
            Set<String> xetFiles = xetFiles(page);
            List<TreeView.EntryRow> rows = page.stream().map(e -> row(id, rev, withCommits.getOrDefault(e.path(), e), xetFiles)).toList();
            Pages.render(ctx, "hub/treeRows.jte", new TreeView.TreeRows(rows, null));
            return;
        }
        Set<String> xetFiles = xetFiles(page);
        List<TreeView.EntryRow> rows = page.stream().map(e -> row(id, rev, e, xetFiles)).toList();
        String here = Links.tree(id, rev, path);
        String commitsHref = page.isEmpty() ? null : here + "?commits=1" + (offset > 0 ? "&offset=" + offset : "");
        String previous = offset > 0 ? here + (offset - TREE_PAGE > 0 ? "?offset=" + (offset - TREE_PAGE) : "") : null;
        String next = offset + TREE_PAGE < all.size() ? here + "?offset=" + (offset + TREE_PAGE) : null;
        RevSelector revs = revisions(repo, rev, commit, path, false);
        String branch = writableBranch(writer, revs);
        Pages.render(ctx, "hub/tree.jte", new TreeView(auth.shell(ctx, (path.isEmpty() ? "" : path + " · ") + repo.fullName()), header,
                revs, crumbs(id, rev, path, false), new TreeView.TreeRows(rows, commitsHref),
                all.size(), previous, next, Links.commits(id, rev, 0), false,
                branch == null ? null : Links.upload(id, branch), branch == null ? null : Links.delete(id, branch)));
    }

    public void blob(Context ctx, RepoType type) throws IOException {
        Repo repo = repoPages.load(ctx, type);
        RepoId id = repo.repoId();
        String rev = ctx.pathParam("rev");
        String path = trimSlashes(ctx.pathParam("path"));
        FileEntry file;
        try {
            file = repos.file(repo, rev, path);
        } catch (ChorusException e) {
            if (e.code() == ErrorCode.ENTRY_NOT_FOUND && isDirectory(repo, rev, path)) {
                ctx.redirect(Links.tree(id, rev, path), HttpStatus.FOUND);
                return;
            }
            throw e;
        }
        String name = path.substring(path.lastIndexOf('/') + 1);
        String extension = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
        Optional<Principal> caller = auth.principal(ctx);
        BlobView.Kind kind = BlobView.Kind.NOTE;
        List<String> lines = null;
        BlobView.Safetensors tensors = null;
        FileViews.TablePreview table = null;
        String note = null;
        if (extension.equals("safetensors")) {
            try {
                tensors = BlobView.Safetensors.of(views.safetensors(caller, id, file.commit(), path));
                kind = BlobView.Kind.SAFETENSORS;
            } catch (ChorusException e) {
                if (e.code() != ErrorCode.INVALID_ARGUMENT) {
                    throw e;
                }
                note = "This file's safetensors header could not be read: " + e.getMessage();
            }
        } else if (TABLES.contains(extension)) {
            try {
                table = views.table(caller, id, file.commit(), path, TABLE_ROWS);
                kind = BlobView.Kind.TABLE;
            } catch (ChorusException e) {
                if (e.code() != ErrorCode.INVALID_ARGUMENT) {
                    throw e;
                }
                note = "No preview: " + e.getMessage();
            }
        } else if (IMAGES.contains(extension)) {
            kind = BlobView.Kind.IMAGE;
        } else if (file.size() > MAX_TEXT_BYTES) {
            note = "This file is too large to show here (" + Formats.size(file.size()) + "). Download it or open the raw file.";
        } else {
            lines = text(repo, file);
            if (lines != null) {
                kind = BlobView.Kind.TEXT;
            } else {
                note = "This file is binary and is not shown here.";
            }
        }
        boolean writer = mayWrite(ctx, repo);
        RevSelector revs = revisions(repo, rev, file.commit(), path, true);
        String branch = kind == BlobView.Kind.TEXT && file.lfs() == null ? writableBranch(writer, revs) : null;
        Pages.render(ctx, "hub/blob.jte", new BlobView(auth.shell(ctx, path + " · " + repo.fullName()),
                RepoHeader.of(repo, RepoHeader.TabName.FILES, writer), revs,
                crumbs(id, rev, path, true), name, Formats.size(file.size()), file.lfs() != null,
                file.lfs() != null && !xet.stored(List.of(file.lfs().oid())).isEmpty(),
                file.lfs() != null ? file.lfs().oid() : null, Links.raw(id, rev, path), Links.resolve(id, rev, path, true),
                Links.fileCommits(id, rev, path, 0), kind, lines, tensors, table, note, branch == null ? null : Links.edit(id, branch, path)));
    }

    /** Directories, then files, each in git's order (by name): a stable partition, no sort of a large directory. */
    static List<TreeEntry> directoriesFirst(List<TreeEntry> entries) {
        List<TreeEntry> out = new ArrayList<>(entries.size());
        for (TreeEntry e : entries) {
            if (e.directory()) {
                out.add(e);
            }
        }
        for (TreeEntry e : entries) {
            if (!e.directory()) {
                out.add(e);
            }
        }
        return out;
    }

    /** The file's lines if it is UTF-8 text without NUL bytes; null when it is binary. */
    private List<String> text(Repo repo, FileEntry file) throws IOException {
        byte[] bytes;
        try (InputStream in = repos.open(repo, file, 0, file.size())) {
            bytes = in.readNBytes((int) file.size());
        }
        return textLines(bytes);
    }

    /** The lines of UTF-8 text without NUL bytes; null when the bytes are binary (repository files and run artifacts). */
    public static List<String> textLines(byte[] bytes) {
        for (byte b : bytes) {
            if (b == 0) {
                return null;
            }
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\r?\n", -1)));
        if (lines.size() > 1 && lines.getLast().isEmpty()) {
            lines.removeLast();
        }
        return lines;
    }

    /** The large files of a page that are Xet files (one query for the page), for their badge. */
    private Set<String> xetFiles(List<TreeEntry> page) {
        return xet.stored(page.stream().filter(e -> e.lfs() != null).map(e -> e.lfs().oid()).toList());
    }

    private TreeView.EntryRow row(RepoId id, String rev, TreeEntry e, Set<String> xetFiles) {
        String name = e.path().substring(e.path().lastIndexOf('/') + 1);
        var c = e.lastCommit();
        return new TreeView.EntryRow(name, e.directory() ? Links.tree(id, rev, e.path()) : Links.blob(id, rev, e.path()), e.directory(),
                e.directory() ? "" : Formats.size(e.size()), e.lfs() != null, e.lfs() != null && xetFiles.contains(e.lfs().oid()), e.directory() ? null : Links.resolve(id, rev, e.path(), true),
                c == null ? null : c.title(), c == null ? null : Links.commit(id, c.id()), c == null ? null : Formats.date(c.date()),
                c == null ? null : Formats.isoDate(c.date()));
    }

    /** The selector's entries: this path at every branch and tag (the tree page for directories, the file page for files). */
    RevSelector revisions(Repo repo, String rev, String commit, String path, boolean file) {
        RepoId id = repo.repoId();
        RepoRefs refs = repos.refs(repo);
        List<RevSelector.Choice> branches = refs.branches().stream().map(b -> new RevSelector.Choice(b.name(),
                file ? Links.blob(id, b.name(), path) : Links.tree(id, b.name(), path), b.name().equals(rev))).toList();
        List<RevSelector.Choice> tags = refs.tags().stream().map(t -> new RevSelector.Choice(t.name(),
                file ? Links.blob(id, t.name(), path) : Links.tree(id, t.name(), path), t.name().equals(rev))).toList();
        return new RevSelector(rev.equals(commit) ? Formats.shortSha(commit) : rev, commit, Formats.shortSha(commit), branches, tags);
    }

    static List<Crumb> crumbs(RepoId id, String rev, String path, boolean file) {
        List<Crumb> crumbs = new ArrayList<>();
        crumbs.add(new Crumb(id.name(), Links.tree(id, rev, ""), path.isEmpty()));
        if (!path.isEmpty()) {
            String[] parts = path.split("/");
            StringBuilder sofar = new StringBuilder();
            for (int i = 0; i < parts.length; i++) {
                sofar.append(i == 0 ? "" : "/").append(parts[i]);
                boolean last = i == parts.length - 1;
                crumbs.add(new Crumb(parts[i], last && file ? Links.blob(id, rev, sofar.toString()) : Links.tree(id, rev, sofar.toString()), last));
            }
        }
        return crumbs;
    }

    private boolean isFile(Repo repo, String rev, String path) {
        try {
            repos.file(repo, rev, path);
            return true;
        } catch (ChorusException e) {
            return false;
        }
    }

    private boolean isDirectory(Repo repo, String rev, String path) {
        try {
            repos.tree(repo, rev, path, false, false);
            return true;
        } catch (ChorusException e) {
            return false;
        }
    }

    /** The branch a writer's upload, delete and edit links act on: the revision shown when it is a branch, else none. */
    static String writableBranch(boolean writer, RevSelector revs) {
        return writer ? revs.branches().stream().filter(RevSelector.Choice::current).map(RevSelector.Choice::name).findFirst().orElse(null) : null;
    }

    boolean mayWrite(Context ctx, Repo repo) {
        return repoPages.mayWrite(ctx, repo);
    }

    static String trimSlashes(String path) {
        String p = path;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    static int intParam(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isEmpty() || v.length() > 9 || !v.chars().allMatch(Character::isDigit)) {
            return 0;
        }
        return Integer.parseInt(v);
    }
}
