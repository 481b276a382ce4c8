package org.chorus.hub.repos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.locks.ReentrantLock;
import org.chorus.core.Backoff;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.hub.git.GitStore;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;

/**
 * Commits onto a branch by compare-and-swap of its ref. Commits to one branch through this node queue on a
 * fair lock, so they follow one another instead of racing (each losing racer would have built its commit for
 * nothing). The ref can still move under a commit — another node, a git push — and then a commit that named
 * its {@code parentCommit} is refused as stale, as on the Hub, while one that did not is rebuilt on the new
 * head and swapped again, up to {@link #MAX_ATTEMPTS} times. A rebuilt commit that no longer applies (it
 * deletes a file the other commit deleted, or a file and a folder would now share a path) is refused as a
 * conflict; one that writes a path the other commit also wrote wins, as the later writer.
 */
final class BranchCommits {
    static final int MAX_ATTEMPTS = 10;
    /** Branches share this many locks; two branches on one stripe merely queue behind each other. */
    private static final int STRIPES = 64;

    private final GitStore git;
    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

    BranchCommits(GitStore git) {
        this.git = git;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock(true);
        }
    }

    ObjectId commit(Repo repo, String branch, CommitRequest request, PersonIdent who) {
        String ref = Constants.R_HEADS + branch;
        String parent = request.parentCommit() == null || request.parentCommit().isEmpty() ? null : request.parentCommit();
        if (parent != null) {
            // a stale parent is refused at once rather than after the commits queued ahead of it
            try (Repository r = git.open(repo.id())) {
                head(r, branch, parent);
            }
        }
        ReentrantLock lock = stripes[Math.floorMod((repo.id() + '\0' + branch).hashCode(), STRIPES)];
        lock.lock();
        try {
            for (int attempt = 1; ; attempt++) {
                try (Repository r = git.open(repo.id())) {
                    ObjectId head = head(r, branch, parent);
                    ObjectId commit = write(r, head, request, who, branch, attempt > 1);
                    if (GitWrites.tryMoveRef(r, ref, head, commit)) {
                        return commit;
                    }
                    if (parent != null || attempt == MAX_ATTEMPTS) {
                        throw GitWrites.moved(ref);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                // another node commits here too: out of step with it, a rebuilt commit can land between its commits
                Backoff.pause(attempt, "a commit");
            }
        } finally {
            lock.unlock();
        }
    }

    /** The head of the branch (null for a main without commits), which must be {@code parent} when one is named. */
    private static ObjectId head(Repository r, String branch, String parent) {
        ObjectId head = GitReads.resolve(r, branch).orElse(null);
        if (head == null && !branch.equals("main")) {
            throw new ChorusException(ErrorCode.REVISION_NOT_FOUND, "branch '" + branch + "' not found");
        }
        if (parent != null && (head == null || !head.name().equals(parent))) {
            throw new ChorusException(ErrorCode.CONFLICT, "parent commit " + parent + " is not the head of '"
                    + branch + "' (" + (head == null ? "none" : head.name()) + "): someone committed since; nothing was changed");
        }
        return head;
    }

    private static ObjectId write(Repository r, ObjectId head, CommitRequest request, PersonIdent who, String branch, boolean rebuilt) {
        try {
            return GitWrites.write(r, head, request, who);
        } catch (ChorusException e) {
            // the same operations applied to the head first read; only the head that moved can have broken them
            if (rebuilt && (e.code() == ErrorCode.ENTRY_NOT_FOUND || e.code() == ErrorCode.INVALID_ARGUMENT)) {
                throw new ChorusException(ErrorCode.CONFLICT, "'" + branch + "' moved while this commit was being made, and it does"
                        + " not apply to the new head: " + e.getMessage() + "; nothing was changed", e);
            }
            throw e;
        }
    }
}
