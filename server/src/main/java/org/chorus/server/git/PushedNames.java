package org.chorus.server.git;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.chorus.core.ChorusException;
import org.chorus.core.NulText;
import org.chorus.core.PathText;
import org.chorus.hub.repos.RefNames;
import org.chorus.hub.repos.RepoPaths;
import org.eclipse.jgit.errors.CorruptObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectChecker;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.ObjectWalk;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.PreReceiveHook;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * The names a push creates follow the same rules as the API's: a new branch or tag by {@link RefNames} (and not the
 * name of an existing tag or branch), and every path a new commit adds or changes by {@link RepoPaths#requireNew}.
 * Paths a commit leaves as its parent had them are not checked again, so a file named before these rules does not
 * block later pushes. Before that, git's own object checks run over everything the push brings ({@link #objectProblem}),
 * and a NUL in a commit or tag is refused as git's fsck does.
 */
final class PushedNames implements PreReceiveHook {
    @Override
    public void onPreReceive(ReceivePack rp, Collection<ReceiveCommand> commands) {
        Set<String> taken = new HashSet<>();
        for (ReceiveCommand c : commands) {
            if (c.getResult() != ReceiveCommand.Result.NOT_ATTEMPTED || c.getType() == ReceiveCommand.Type.DELETE) {
                continue;
            }
            String ref = c.getRefName();
            Optional<String> problem = c.getType() == ReceiveCommand.Type.CREATE ? refProblem(rp.getRepository(), ref, taken)
                    : Optional.empty();
            if (problem.isEmpty()) {
                problem = objectProblem(rp.getRepository(), c.getNewId());
            }
            if (problem.isEmpty()) {
                problem = pathProblem(rp.getRepository(), c.getNewId());
            }
            problem.ifPresentOrElse(msg -> c.setResult(ReceiveCommand.Result.REJECTED_OTHER_REASON, msg), () -> taken.add(ref));
        }
    }

    private static Optional<String> refProblem(Repository repo, String ref, Set<String> taken) {
        Optional<String> problem = RefNames.pushProblem(ref);
        if (problem.isPresent()) {
            return problem;
        }
        Optional<String> twin = RefNames.twin(ref);
        try {
            if (twin.isPresent() && (taken.contains(twin.get()) || repo.exactRef(twin.get()) != null)) {
                return Optional.of(RefNames.clash(ref));
            }
            return RefNames.folderClash(repo, ref);
        } catch (IOException e) {
            return Optional.of("cannot read the repository's refs: " + e.getMessage());
        }
    }

    /**
     * git's own checks of every object the push brings (what {@code receive.fsckObjects} does: well-formed commits,
     * tags and trees, no duplicate or badly sorted entries, no {@code .git} look-alike names), with its Windows and
     * macOS rules. Done here rather than by the receive pack's object checker, which JGit's servlet reports to the
     * client only as an unpacker error and logs with a stack trace.
     */
    private static Optional<String> objectProblem(Repository repo, ObjectId tip) {
        ObjectChecker checker = new ObjectChecker().setSafeForWindows(true).setSafeForMacOS(true);
        try (ObjectWalk walk = new ObjectWalk(repo); ObjectReader reader = repo.newObjectReader()) {
            walk.markStart(walk.parseAny(tip));
            for (Ref ref : repo.getRefDatabase().getRefs()) {
                if (ref.getObjectId() != null) {
                    walk.markUninteresting(walk.parseAny(ref.getObjectId()));
                }
            }
            for (RevCommit commit = walk.next(); commit != null; commit = walk.next()) {
                byte[] raw = reader.open(commit).getCachedBytes();
                checker.check(commit, Constants.OBJ_COMMIT, raw);
                if (NulText.contains(raw)) {
                    return Optional.of(nulIn("commit", commit));
                }
            }
            for (RevObject o = walk.nextObject(); o != null; o = walk.nextObject()) {
                if (o.getType() != Constants.OBJ_BLOB) {
                    byte[] raw = reader.open(o).getCachedBytes();
                    checker.check(o, o.getType(), raw);
                    if (o.getType() == Constants.OBJ_TAG && NulText.contains(raw)) {
                        return Optional.of(nulIn("tag", o));
                    }
                }
            }
            return Optional.empty();
        } catch (CorruptObjectException e) {
            return Optional.of("git's object checks (applied as on Windows and macOS) refuse the push: " + PathText.printable(e.getMessage()));
        } catch (IOException e) {
            return Optional.of("cannot check the pushed objects: " + e.getMessage());
        }
    }

    /**
     * A NUL in a commit or tag, which JGit's checker lets through and git's fsck refuses ({@code nulInCommit}): a
     * repository holding one could no longer be cloned by clients that check what they fetch.
     */
    private static String nulIn(String kind, RevObject o) {
        return kind + " " + o.abbreviate(10).name() + " contains a NUL byte, which git's fsck refuses (nulInCommit)";
    }

    /** The first path a new commit adds or changes that breaks the rules, with the commit that does it. */
    private static Optional<String> pathProblem(Repository repo, ObjectId tip) {
        try (RevWalk walk = new RevWalk(repo)) {
            for (RevCommit commit : NewCommits.of(walk, repo, tip)) {
                try (TreeWalk tw = new TreeWalk(repo)) {
                    tw.addTree(commit.getTree());
                    for (RevCommit parent : commit.getParents()) {
                        tw.addTree(walk.parseCommit(parent).getTree());
                    }
                    tw.setRecursive(true);
                    tw.setFilter(commit.getParentCount() == 0 ? TreeFilter.ALL : TreeFilter.ANY_DIFF);
                    while (tw.next()) {
                        if (tw.getFileMode(0) == FileMode.MISSING) {
                            continue;
                        }
                        try {
                            RepoPaths.requireNew(StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(tw.getRawPath())).toString());
                        } catch (CharacterCodingException e) {
                            return Optional.of("commit " + commit.abbreviate(10).name() + ": file path '" + tw.getPathString()
                                    + "' is not UTF-8");
                        } catch (ChorusException e) {
                            return Optional.of("commit " + commit.abbreviate(10).name() + ": " + e.getMessage());
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
