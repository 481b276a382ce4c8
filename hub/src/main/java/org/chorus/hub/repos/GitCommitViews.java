package org.chorus.hub.repos;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.chorus.hub.accounts.Principal;
import org.chorus.hub.lfs.LfsPointer;
import org.eclipse.jgit.diff.DiffAlgorithm;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.diff.Edit;
import org.eclipse.jgit.diff.EditList;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.diff.RawTextComparator;
import org.eclipse.jgit.lib.AbbreviatedObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.util.io.DisabledOutputStream;

/** {@link CommitViews} over JGit: DiffFormatter finds the changed files (renames too), the histogram diff their edits. */
final class GitCommitViews implements CommitViews {
    /** Blobs up to this size are hashed for the sha256 of a binary change; bigger ones (only in old pushes) are not. */
    private static final long MAX_HASHED_BYTES = 64L << 20;

    private final Repos repos;

    GitCommitViews(Repos repos) {
        this.repos = repos;
    }

    @Override
    public CommitDiff diff(Optional<Principal> caller, RepoId id, String revision) {
        return diff(repos.get(caller, id), revision);
    }

    @Override
    public CommitDiff diff(Repo repo, String revision) {
        try (Repository git = repos.openGit(repo); RevWalk walk = new RevWalk(git); ObjectReader reader = git.newObjectReader();
             DiffFormatter formatter = new DiffFormatter(DisabledOutputStream.INSTANCE)) {
            RevCommit commit = walk.parseCommit(GitReads.require(git, revision));
            RevCommit parent = commit.getParentCount() == 0 ? null : walk.parseCommit(commit.getParent(0));
            formatter.setRepository(git);
            formatter.setDetectRenames(true);
            List<DiffEntry> entries = formatter.scan(parent == null ? null : parent.getTree(), commit.getTree());
            List<FileChange> files = new ArrayList<>();
            int[] budget = {MAX_TOTAL_LINES};
            for (DiffEntry e : entries.subList(0, Math.min(entries.size(), MAX_FILES))) {
                files.add(change(reader, e, budget));
            }
            List<String> parents = new ArrayList<>();
            for (RevCommit p : commit.getParents()) {
                parents.add(p.name());
            }
            return new CommitDiff(GitReads.info(commit), parents, files, entries.size() > MAX_FILES);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One side of a change: its bytes when small enough to diff, else only its size (and pointer, if it is one). */
    private record Side(boolean exists, long size, byte[] bytes, LfsPointer pointer) {}

    private static Side side(ObjectReader reader, AbbreviatedObjectId id, boolean exists) throws IOException {
        if (!exists) {
            return new Side(false, 0, new byte[0], null);
        }
        ObjectId blob = id.toObjectId();
        long size = reader.getObjectSize(blob, Constants.OBJ_BLOB);
        if (size > MAX_TEXT_BYTES) {
            return new Side(true, size, null, null);
        }
        byte[] bytes = reader.open(blob, Constants.OBJ_BLOB).getCachedBytes(MAX_TEXT_BYTES);
        LfsPointer pointer = size <= LfsPointer.MAX_POINTER_SIZE ? LfsPointer.parse(bytes).orElse(null) : null;
        return new Side(true, pointer == null ? size : pointer.size(), bytes, pointer);
    }

    private static FileChange change(ObjectReader reader, DiffEntry e, int[] budget) throws IOException {
        Change change = Change.valueOf(e.getChangeType().name());
        boolean hasOld = e.getChangeType() != DiffEntry.ChangeType.ADD;
        boolean hasNew = e.getChangeType() != DiffEntry.ChangeType.DELETE;
        Side a = side(reader, e.getOldId(), hasOld);
        Side b = side(reader, e.getNewId(), hasNew);
        String oldPath = hasOld ? e.getOldPath() : null;
        String newPath = hasNew ? e.getNewPath() : null;
        if (a.pointer() != null || b.pointer() != null) {
            return summary(reader, e, change, oldPath, newPath, Kind.LARGE, a, b);
        }
        if (a.bytes() == null || b.bytes() == null || RawText.isBinary(a.bytes()) || RawText.isBinary(b.bytes())) {
            return summary(reader, e, change, oldPath, newPath, Kind.BINARY, a, b);
        }
        RawText ta = new RawText(a.bytes());
        RawText tb = new RawText(b.bytes());
        EditList edits = DiffAlgorithm.getAlgorithm(DiffAlgorithm.SupportedAlgorithm.HISTOGRAM).diff(RawTextComparator.DEFAULT, ta, tb);
        int additions = 0;
        int deletions = 0;
        for (Edit edit : edits) {
            additions += edit.getLengthB();
            deletions += edit.getLengthA();
        }
        List<Hunk> hunks = UnifiedHunks.of(edits, ta, tb, CONTEXT_LINES);
        int lines = hunks.stream().mapToInt(h -> h.lines().size()).sum();
        boolean truncated = lines > MAX_FILE_LINES || lines > budget[0];
        if (!truncated) {
            budget[0] -= lines;
        }
        return new FileChange(change, oldPath, newPath, Kind.TEXT, a.size(), b.size(), null, null, additions, deletions,
                truncated ? List.of() : hunks, truncated);
    }

    private static FileChange summary(ObjectReader reader, DiffEntry e, Change change, String oldPath, String newPath, Kind kind,
                                      Side a, Side b) throws IOException {
        return new FileChange(change, oldPath, newPath, kind, a.size(), b.size(), sha256(reader, e.getOldId(), a),
                sha256(reader, e.getNewId(), b), 0, 0, List.of(), false);
    }

    private static String sha256(ObjectReader reader, AbbreviatedObjectId id, Side side) throws IOException {
        if (!side.exists()) {
            return null;
        }
        if (side.pointer() != null) {
            return side.pointer().oid();
        }
        if (side.size() > MAX_HASHED_BYTES) {
            return null;
        }
        try (InputStream in = reader.open(id.toObjectId(), Constants.OBJ_BLOB).openStream()) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[64 << 10];
            for (int n; (n = in.read(buf)) > 0; ) {
                sha.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
