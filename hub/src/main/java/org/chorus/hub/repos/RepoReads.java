package org.chorus.hub.repos;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.hub.git.GitStore;
import org.chorus.hub.lfs.BoundedInputStream;
import org.chorus.hub.lfs.LargeFileStore;
import org.chorus.hub.lfs.LfsPointer;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.Repository;

/**
 * Reading a repository's content at a revision; callers have checked read access. A blob that looks like an LFS
 * pointer is the large file it names only if that file is recorded for this repository ({@link LfsObjects});
 * otherwise it is a plain file whose bytes are the pointer's text. Commits refuse such pointers, but one may sit
 * in history from before they did, and this keeps every reader (tree, paths-info, resolve, Xet) from following it.
 */
final class RepoReads {
    private final GitStore git;
    private final LfsObjects lfsObjects;
    private final LargeFileStore largeFiles;

    RepoReads(GitStore git, LfsObjects lfsObjects, LargeFileStore largeFiles) {
        this.git = git;
        this.lfsObjects = lfsObjects;
        this.largeFiles = largeFiles;
    }

    List<TreeEntry> tree(Repo repo, String revision, String directory, boolean recursive, boolean withLastCommit) {
        String dir = RepoPaths.requireDirectory(directory);
        try (Repository r = git.open(repo.id())) {
            ObjectId commit = GitReads.require(r, revision);
            List<TreeEntry> entries = ownLargeFiles(repo, GitReads.tree(r, commit, dir, recursive));
            return withLastCommit ? withLastCommits(r, commit, entries) : entries;
        }
    }

    List<TreeEntry> pathsInfo(Repo repo, String revision, List<String> paths, boolean withLastCommit) {
        paths.forEach(RepoPaths::require);
        try (Repository r = git.open(repo.id())) {
            ObjectId commit = GitReads.require(r, revision);
            List<TreeEntry> out = new ArrayList<>();
            for (String p : paths) {
                GitReads.entry(r, commit, p).ifPresent(out::add);
            }
            out = ownLargeFiles(repo, out);
            return withLastCommit ? withLastCommits(r, commit, out) : out;
        }
    }

    /** The entries with every pointer to a large file this repository does not hold turned into a plain file. */
    private List<TreeEntry> ownLargeFiles(Repo repo, List<TreeEntry> entries) {
        List<LfsPointer> pointers = entries.stream().filter(e -> e.lfs() != null).map(e -> e.lfs().pointer()).toList();
        if (pointers.isEmpty()) {
            return entries;
        }
        Set<LfsPointer> held = lfsObjects.recorded(repo.id(), pointers);
        return entries.stream().map(e -> e.lfs() == null || held.contains(e.lfs().pointer()) ? e : e.asPointerText()).toList();
    }

    private static List<TreeEntry> withLastCommits(Repository r, ObjectId commit, List<TreeEntry> entries) {
        var last = GitReads.lastCommits(r, commit, entries.stream().map(TreeEntry::path).toList());
        return entries.stream().map(e -> e.withLastCommit(last.get(e.path()))).toList();
    }

    FileEntry file(Repo repo, String revision, String path) {
        RepoPaths.require(path);
        try (Repository r = git.open(repo.id())) {
            ObjectId commit = GitReads.require(r, revision);
            TreeEntry e = GitReads.entry(r, commit, path).filter(t -> !t.directory()).map(t -> ownLargeFiles(repo, List.of(t)).getFirst())
                    .orElseThrow(() -> new ChorusException(ErrorCode.ENTRY_NOT_FOUND, "file '" + path + "' not found at " + revision));
            return new FileEntry(commit.name(), path, e.oid(), e.size(), e.lfs());
        }
    }

    InputStream open(Repo repo, FileEntry file, long offset, long length) {
        if (file.lfs() != null) {
            // Checked again here, where bytes leave: a FileEntry can be built by anyone.
            if (!lfsObjects.has(repo.id(), file.lfs().oid(), file.lfs().size())) {
                throw new ChorusException(ErrorCode.ENTRY_NOT_FOUND, "the large file behind '" + file.path() + "' is not stored for this repository");
            }
            return largeFiles.open(file.lfs().oid(), offset, length);
        }
        try (Repository r = git.open(repo.id())) {
            ObjectLoader loader = r.open(ObjectId.fromString(file.blobId()), Constants.OBJ_BLOB);
            InputStream in = loader.isLarge() ? loader.openStream() : new ByteArrayInputStream(loader.getCachedBytes());
            in.skipNBytes(offset);
            return new BoundedInputStream(in, length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code path}: null for every commit, else only those that changed it. */
    Page<CommitInfo> commits(Repo repo, String revision, String path, int offset, int limit) {
        try (Repository r = git.open(repo.id())) {
            return GitReads.log(r, GitReads.require(r, revision), path, offset, limit);
        }
    }
}
