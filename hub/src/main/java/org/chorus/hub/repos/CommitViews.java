package org.chorus.hub.repos;

import java.util.List;
import java.util.Optional;
import org.chorus.hub.accounts.Principal;

/**
 * The commit page: which files a commit changed (against its first parent) and unified diffs of the text ones with
 * line numbers. Large files (LFS and Xet pointers) and binary files are summarised as size and sha256 before → after.
 * Output is bounded: past {@value #MAX_FILES} files, {@value #MAX_FILE_LINES} diff lines in a file or
 * {@value #MAX_TOTAL_LINES} in the commit, the rest is listed without lines and marked truncated.
 */
public interface CommitViews {
    int MAX_FILES = 1000;
    int MAX_FILE_LINES = 5000;
    int MAX_TOTAL_LINES = 20_000;
    /** Text larger than this is not diffed (only summarised). */
    int MAX_TEXT_BYTES = 1 << 20;
    int CONTEXT_LINES = 3;

    static CommitViews create(Repos repos) {
        return new GitCommitViews(repos);
    }

    /** The commit a revision names, as the caller may read it; REPO_NOT_FOUND / REVISION_NOT_FOUND otherwise. */
    CommitDiff diff(Optional<Principal> caller, RepoId id, String revision);

    /** The same for a repository already read through {@link Repos#get} (a page that loaded it for its header). */
    CommitDiff diff(Repo readable, String revision);

    enum Change { ADD, MODIFY, DELETE, RENAME, COPY }

    /** TEXT: {@code hunks} hold the diff; LARGE: an LFS/Xet pointer on either side; BINARY: other non-text content. */
    enum Kind { TEXT, LARGE, BINARY }

    /**
     * One changed file. Sizes are the content's (for large files the pointer's size, not the pointer's); sha256 is
     * given for large and binary files (null for a side that does not exist or a blob too big to hash here).
     */
    record FileChange(Change change, String oldPath, String newPath, Kind kind, long oldSize, long newSize, String oldSha256,
                      String newSha256, int additions, int deletions, List<Hunk> hunks, boolean truncated) {}

    record Hunk(int oldStart, int oldLines, int newStart, int newLines, List<Line> lines) {}

    /** {@code type}: ' ' context, '+' added, '-' removed; line numbers are 1-based, 0 where the side has no line. */
    record Line(char type, int oldNumber, int newNumber, String text) {}

    record CommitDiff(CommitInfo commit, List<String> parents, List<FileChange> files, boolean truncated) {}
}
