package org.chorus.hub.repos;

import java.util.List;

/**
 * A commit on {@code branch}. When {@code parentCommit} is set the branch must still point at it, else the
 * commit is refused with CONFLICT; without it the operations are applied to the newest head, rebuilt there
 * if the branch moves before the ref update.
 */
public record CommitRequest(String branch, String summary, String description, String parentCommit, List<CommitOp> ops) {
    public CommitRequest {
        ops = List.copyOf(ops);
    }
}
