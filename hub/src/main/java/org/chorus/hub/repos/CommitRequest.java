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
        // A path is added once and deleted once at most; deleting and adding it replaces what the parent had there
        // (a folder by a file, say), so that pair is fine.
        Set<String> added = new HashSet<>();
        Set<String> deleted = new HashSet<>();
        for (CommitOp op : ops) {
            boolean adds = op instanceof CommitOp.AddFile || op instanceof CommitOp.AddLfsFile;
            if (!(adds ? added : deleted).add(op.path())) {
                throw ChorusException.invalid("'" + op.path() + "' is " + (adds ? "added" : "deleted")
                        + " by more than one operation of this commit; name each path once");
            }
        }
    }
}
