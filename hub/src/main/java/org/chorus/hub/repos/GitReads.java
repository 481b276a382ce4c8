package org.chorus.hub.repos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.hub.lfs.LfsPointer;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilter;
import org.eclipse.jgit.treewalk.filter.AndTreeFilter;
import org.eclipse.jgit.treewalk.filter.PathFilterGroup;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/** Read-only git operations: resolving revisions, listing trees, finding files, walking history. */
final class GitReads {
    private GitReads() {}

    static Optional<ObjectId> resolve(Repository git, String revision) {
        String rev = revision == null || revision.isEmpty() || revision.equals(Constants.HEAD) ? "main" : revision;
        try (RevWalk walk = new RevWalk(git)) {
            if (rev.matches("[0-9a-f]{40}")) {
                try {
                    return Optional.of(walk.parseCommit(ObjectId.fromString(rev)).copy());
                } catch (MissingObjectException | IncorrectObjectTypeException e) {
                    return Optional.empty();
                }
            }
            for (String name : List.of(Constants.R_HEADS + rev, Constants.R_TAGS + rev, rev)) {
                if (!name.startsWith(Constants.R_REFS)) {
                    continue;
                }
                Ref ref = git.exactRef(name);
                if (ref != null && ref.getObjectId() != null) {
                    return Optional.of(walk.parseCommit(ref.getObjectId()).copy());
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectId require(Repository git, String revision) {
        return resolve(git, revision).orElseThrow(() -> new ChorusException(ErrorCode.REVISION_NOT_FOUND,
                "revision '" + String.valueOf(revision).replaceAll("\\p{Cntrl}", "?") + "' not found"));
    }

    static List<TreeEntry> tree(Repository git, ObjectId commit, String directory, boolean recursive) {
        try (RevWalk walk = new RevWalk(git); ObjectReader reader = git.newObjectReader()) {
            RevCommit c = walk.parseCommit(commit);
            ObjectId root = c.getTree();
            String prefix = "";
            if (!directory.isEmpty()) {
                try (TreeWalk tw = TreeWalk.forPath(reader, directory, root)) {
                    if (tw == null || tw.getFileMode(0) != FileMode.TREE) {
                        throw new ChorusException(ErrorCode.ENTRY_NOT_FOUND, "directory '" + directory + "' not found");
                    }
                    root = tw.getObjectId(0);
                }
                prefix = directory + "/";
            }
            List<TreeEntry> out = new ArrayList<>();
            try (TreeWalk tw = new TreeWalk(reader)) {
                tw.addTree(root);
                tw.setRecursive(false);
                while (tw.next()) {
                    String path = prefix + tw.getPathString();
                    if (tw.isSubtree()) {
                        out.add(new TreeEntry(path, true, 0, tw.getObjectId(0).name(), null, null));
                        if (recursive) {
                            tw.enterSubtree();
                        }
                    } else {
                        out.add(blobEntry(reader, path, tw.getObjectId(0)));
                    }
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Optional<TreeEntry> entry(Repository git, ObjectId commit, String path) {
        try (RevWalk walk = new RevWalk(git); ObjectReader reader = git.newObjectReader()) {
            RevCommit c = walk.parseCommit(commit);
            try (TreeWalk tw = TreeWalk.forPath(reader, path, c.getTree())) {
                if (tw == null) {
                    return Optional.empty();
                }
                if (tw.isSubtree()) {
                    return Optional.of(new TreeEntry(path, true, 0, tw.getObjectId(0).name(), null, null));
                }
                return Optional.of(blobEntry(reader, path, tw.getObjectId(0)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static TreeEntry blobEntry(ObjectReader reader, String path, ObjectId blob) throws IOException {
        long size = reader.getObjectSize(blob, Constants.OBJ_BLOB);
        if (size <= LfsPointer.MAX_POINTER_SIZE) {
            Optional<LfsPointer> pointer = LfsPointer.parse(reader.open(blob, Constants.OBJ_BLOB).getCachedBytes());
            if (pointer.isPresent()) {
                return new TreeEntry(path, false, pointer.get().size(), blob.name(),
                        new TreeEntry.Lfs(pointer.get().oid(), pointer.get().size(), size), null);
            }
        }
        return new TreeEntry(path, false, size, blob.name(), null, null);
    }

    static byte[] readSmall(Repository git, ObjectId blob, int limit) {
        try (ObjectReader reader = git.newObjectReader()) {
            return reader.open(blob, Constants.OBJ_BLOB).getCachedBytes(limit);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The newest commit that changed each path (a file, or anything under a directory), found in one walk of
     * first-parent history that stops once every path has its commit.
     */
    static Map<String, CommitInfo> lastCommits(Repository git, ObjectId from, Collection<String> paths) {
        Map<String, CommitInfo> found = new HashMap<>();
        Set<String> pending = new HashSet<>(paths);
        if (pending.isEmpty()) {
            return found;
        }
        Optional<String> dir = commonParent(pending);
        if (dir.isPresent()) {
            try {
                return lastCommitsInDirectory(git, from, dir.get(), pending);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        try (RevWalk walk = new RevWalk(git); ObjectReader reader = git.newObjectReader()) {
            RevCommit c = walk.parseCommit(from);
            while (c != null && !pending.isEmpty()) {
                RevCommit parent = c.getParentCount() == 0 ? null : walk.parseCommit(c.getParent(0));
                try (TreeWalk tw = new TreeWalk(reader)) {
                    tw.setRecursive(true);
                    tw.addTree(c.getTree());
                    if (parent != null) {
                        tw.addTree(parent.getTree());
                        tw.setFilter(AndTreeFilter.create(PathFilterGroup.createFromStrings(pending), TreeFilter.ANY_DIFF));
                    } else {
                        tw.setFilter(PathFilterGroup.createFromStrings(pending));
                    }
                    Set<String> changed = new HashSet<>();
                    while (tw.next()) {
                        // the file and each directory above it, looked up: not every pending path per changed file
                        for (String p = tw.getPathString(); ; p = p.substring(0, p.lastIndexOf('/'))) {
                            if (pending.contains(p)) {
                                changed.add(p);
                            }
                            if (p.indexOf('/') < 0) {
                                break;
                            }
                        }
                    }
                    CommitInfo info = info(c);
                    for (String p : changed) {
                        found.put(p, info);
                    }
                    pending.removeAll(changed);
                }
                c = parent;
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The directory all the paths are entries of, if they share one ("" for the root): the case of a directory listing,
     * which {@link #lastCommitsInDirectory} answers without descending below it.
     */
    private static Optional<String> commonParent(Collection<String> paths) {
        String parent = null;
        for (String p : paths) {
            String dir = p.contains("/") ? p.substring(0, p.lastIndexOf('/')) : "";
            if (parent != null && !parent.equals(dir)) {
                return Optional.empty();
            }
            parent = dir;
        }
        return Optional.ofNullable(parent);
    }

    /**
     * {@link #lastCommits} for entries of one directory: a commit changed an entry iff the entry's object id differs from
     * its first parent's, so each commit costs one lookup of the directory's tree, and a walk of its entries only when
     * that tree changed (figures in docs/design-notes.md, "Hub views for the web pages").
     */
    private static Map<String, CommitInfo> lastCommitsInDirectory(Repository git, ObjectId from, String dir, Set<String> pending)
            throws IOException {
        Map<String, CommitInfo> found = new HashMap<>();
        try (RevWalk walk = new RevWalk(git); ObjectReader reader = git.newObjectReader()) {
            RevCommit c = walk.parseCommit(from);
            ObjectId tree = directoryTree(reader, c, dir);
            while (c != null && !pending.isEmpty()) {
                RevCommit parent = c.getParentCount() == 0 ? null : walk.parseCommit(c.getParent(0));
                ObjectId parentTree = parent == null ? null : directoryTree(reader, parent, dir);
                if (tree != null && !tree.equals(parentTree)) {
                    CommitInfo info = info(c);
                    try (TreeWalk tw = new TreeWalk(reader)) {
                        tw.addTree(tree);
                        if (parentTree != null) {
                            tw.addTree(parentTree);
                            tw.setFilter(TreeFilter.ANY_DIFF);
                        }
                        while (tw.next()) {
                            String path = dir.isEmpty() ? tw.getPathString() : dir + "/" + tw.getPathString();
                            if (pending.remove(path)) {
                                found.put(path, info);
                            }
                        }
                    }
                }
                c = parent;
                tree = parentTree;
            }
        }
        return found;
    }

    private static ObjectId directoryTree(ObjectReader reader, RevCommit c, String dir) throws IOException {
        if (dir.isEmpty()) {
            return c.getTree();
        }
        try (TreeWalk tw = TreeWalk.forPath(reader, dir, c.getTree())) {
            return tw == null || !tw.isSubtree() ? null : tw.getObjectId(0);
        }
    }

    /** {@code path}: null for every commit, else those whose tree differs from a parent's there (git log -- path). */
    static Page<CommitInfo> log(Repository git, ObjectId from, String path, int offset, int limit) {
        try (RevWalk walk = new RevWalk(git)) {
            if (path != null) {
                walk.setTreeFilter(AndTreeFilter.create(PathFilter.create(path), TreeFilter.ANY_DIFF));
            }
            walk.markStart(walk.parseCommit(from));
            List<CommitInfo> items = new ArrayList<>();
            long total = 0;
            for (RevCommit c : walk) {
                if (total >= offset && items.size() < limit) {
                    items.add(info(c));
                }
                total++;
            }
            return new Page<>(items, total, offset + items.size() < total);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static CommitInfo info(RevCommit c) {
        return new CommitInfo(c.name(), c.getShortMessage(), c.getFullMessage(), List.of(c.getAuthorIdent().getName()),
                Instant.ofEpochSecond(c.getCommitTime()));
    }
}
