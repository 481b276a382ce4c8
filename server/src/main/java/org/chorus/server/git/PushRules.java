package org.chorus.server.git;

import java.io.IOException;
import java.util.Collection;
import java.util.Optional;
import org.chorus.hub.lfs.LfsPointer;
import org.chorus.hub.repos.Repo;
import org.chorus.hub.repos.Repos;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.PreReceiveHook;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * What a push may do: only branches and tags, never delete main, and every LFS pointer in the new commits
 * must name a large file already uploaded to this repository with the same size.
 */
final class PushRules implements PreReceiveHook {
    private final Repos repos;
    private final Repo repo;

    PushRules(Repos repos, Repo repo) {
        this.repos = repos;
        this.repo = repo;
    }

    @Override
    public void onPreReceive(ReceivePack rp, Collection<ReceiveCommand> commands) {
        for (ReceiveCommand c : commands) {
            if (c.getResult() != ReceiveCommand.Result.NOT_ATTEMPTED) {
                continue;
            }
            String ref = c.getRefName();
            if (!ref.startsWith(Constants.R_HEADS) && !ref.startsWith(Constants.R_TAGS)) {
                c.setResult(ReceiveCommand.Result.REJECTED_OTHER_REASON, "only branches and tags may be pushed");
            } else if (c.getType() == ReceiveCommand.Type.DELETE && ref.equals(Constants.R_HEADS + "main")) {
                c.setResult(ReceiveCommand.Result.REJECTED_NODELETE, "main cannot be deleted");
            } else if (c.getType() != ReceiveCommand.Type.DELETE) {
                missingLargeFile(rp, c.getNewId()).ifPresent(msg -> c.setResult(ReceiveCommand.Result.REJECTED_OTHER_REASON, msg));
            }
        }
    }

    private Optional<String> missingLargeFile(ReceivePack rp, ObjectId newId) {
        try (RevWalk walk = new RevWalk(rp.getRepository()); ObjectReader reader = rp.getRepository().newObjectReader()) {
            for (RevCommit commit : NewCommits.of(walk, rp.getRepository(), newId)) {
                try (TreeWalk tw = new TreeWalk(reader)) {
                    tw.addTree(commit.getTree());
                    tw.setRecursive(true);
                    while (tw.next()) {
                        ObjectId blob = tw.getObjectId(0);
                        if (reader.getObjectSize(blob, Constants.OBJ_BLOB) > LfsPointer.MAX_POINTER_SIZE) {
                            continue;
                        }
                        Optional<LfsPointer> p = LfsPointer.parse(reader.open(blob, Constants.OBJ_BLOB).getCachedBytes());
                        if (p.isPresent() && !repos.hasLargeFile(repo, p.get().oid(), p.get().size())) {
                            return Optional.of("LFS object " + p.get().oid() + " for " + tw.getPathString()
                                    + " was not uploaded; run git lfs push first");
                        }
                    }
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("cannot check the pushed commits: " + e.getMessage());
        }
    }
}
