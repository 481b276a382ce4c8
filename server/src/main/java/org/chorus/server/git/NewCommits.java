package org.chorus.server.git;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/** The commits a pushed ref brings that no existing ref reaches yet: what a push hook has to check. */
final class NewCommits {
    /** A bound on the work one push can cause; a larger history is checked in the pushes that bring it. */
    static final int MAX_CHECKED = 10_000;

    private NewCommits() {}

    /** Up to {@link #MAX_CHECKED} commits reachable from {@code tip} and from no ref, newest first, parsed. */
    static List<RevCommit> of(RevWalk walk, Repository repo, ObjectId tip) throws IOException {
        walk.markStart(walk.parseCommit(tip));
        for (var ref : repo.getRefDatabase().getRefs()) {
            if (ref.getObjectId() != null) {
                try {
                    walk.markUninteresting(walk.parseCommit(ref.getObjectId()));
                } catch (IOException e) {
                    // a ref to a non-commit (a tag of a tree) does not limit the walk
                }
            }
        }
        List<RevCommit> commits = new ArrayList<>();
        for (RevCommit commit : walk) {
            if (commits.size() == MAX_CHECKED) {
                break;
            }
            commits.add(commit);
        }
        return commits;
    }
}
