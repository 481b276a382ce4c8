package org.chorus.hub.repos;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.chorus.core.ChorusException;

/**
 * A commit on {@code branch}. When {@code parentCommit} is set the branch must still point at it, else the
 * commit is refused with CONFLICT; without it the operations are applied to the newest head, rebuilt there
 * if the branch moves before the ref update.
 */
public record CommitRequest(String branch, String summary, String description, String parentCommit, List<CommitOp> ops) {
    public CommitRequest {
        CommitText.require("the commit's summary", summary);
        CommitText.require("the commit's description", description);
        ops = List.copyOf(ops);
        Set<String> paths = new HashSet<>();
        for (CommitOp op : ops) {
            if (!paths.add(op.path())) {
                throw ChorusException.invalid("'" + op.path() + "' is named by more than one operation of this commit; name each path once");
            }
        }
    }
}
