package org.chorus.hub.repos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.hub.git.GitStore;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;

/** Listing and moving branches and tags; callers have checked write access. */
final class RefCommands {
    private final GitStore git;
    private final RefFollowUp followUp;

    RefCommands(GitStore git, RefFollowUp followUp) {
        this.git = git;
        this.followUp = followUp;
    }

    RepoRefs refs(Repo repo) {
        try (Repository r = git.open(repo.id())) {
            List<RepoRefs.Named> branches = new ArrayList<>();
            List<RepoRefs.Named> tags = new ArrayList<>();
            for (var ref : r.getRefDatabase().getRefsByPrefix(Constants.R_REFS)) {
                ObjectId target = ref.getPeeledObjectId() != null ? ref.getPeeledObjectId() : r.getRefDatabase().peel(ref).getPeeledObjectId();
                target = target == null ? ref.getObjectId() : target;
                if (ref.getName().startsWith(Constants.R_HEADS)) {
                    branches.add(new RepoRefs.Named(Repository.shortenRefName(ref.getName()), ref.getName(), target.name()));
                } else if (ref.getName().startsWith(Constants.R_TAGS)) {
                    tags.add(new RepoRefs.Named(Repository.shortenRefName(ref.getName()), ref.getName(), target.name()));
                }
            }
            return new RepoRefs(branches, tags);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void createBranch(Repo repo, String branch, String startingPoint, boolean overwrite) {
        String name = RefNames.branch(branch);
        try (Repository r = git.open(repo.id())) {
            ObjectId start = GitReads.require(r, startingPoint == null || startingPoint.isEmpty() ? "main" : startingPoint);
            ObjectId existing = GitReads.resolve(r, Constants.R_HEADS + name).orElse(null);
            if (existing != null && !overwrite) {
                throw new ChorusException(ErrorCode.ALREADY_EXISTS, "branch '" + name + "' already exists");
            }
            if (existing == null) {
                requireNoTwin(r, Constants.R_HEADS + name);
            }
            GitWrites.moveRef(r, Constants.R_HEADS + name, existing, start);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (name.equals("main")) {
            followUp.afterMove(repo, true);
        }
    }

    /**
     * Replaces the branch's history by one commit of its current tree (huggingface_hub's {@code super_squash_history});
     * CONFLICT if the branch moves meanwhile. Returns the new commit's id.
     */
    String superSquash(Repo repo, String branch, String message, PersonIdent who) {
        String name = RefNames.existingBranch(branch);
        CommitText.require("the commit message", message);
        ObjectId squashed;
        try (Repository r = git.open(repo.id())) {
            ObjectId head = GitReads.resolve(r, Constants.R_HEADS + name).orElseThrow(
                    () -> new ChorusException(ErrorCode.REVISION_NOT_FOUND, "branch '" + name + "' not found"));
            squashed = GitWrites.rootCommitOfTree(r, head, message, who);
            GitWrites.moveRef(r, Constants.R_HEADS + name, head, squashed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        followUp.afterMove(repo, name.equals("main"));
        return squashed.name();
    }

    void deleteBranch(Repo repo, String branch) {
        String name = RefNames.existingBranch(branch);
        if (name.equals("main")) {
            throw ChorusException.invalid("the main branch cannot be deleted");
        }
        deleteRef(repo, Constants.R_HEADS + name, "branch");
    }

    private void deleteRef(Repo repo, String ref, String what) {
        try (Repository r = git.open(repo.id())) {
            var existing = r.exactRef(ref);
            if (existing == null) {
                throw new ChorusException(ErrorCode.REVISION_NOT_FOUND, what + " '" + Repository.shortenRefName(ref) + "' not found");
            }
            GitWrites.moveRef(r, ref, existing.getObjectId(), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void createTag(Repo repo, String tag, String revision, String message, PersonIdent who) {
        String name = RefNames.tag(tag);
        CommitText.require("the tag message", message);
        try (Repository r = git.open(repo.id())) {
            ObjectId commit = GitReads.require(r, revision == null || revision.isEmpty() ? "main" : revision);
            if (r.exactRef(Constants.R_TAGS + name) != null) {
                throw new ChorusException(ErrorCode.ALREADY_EXISTS, "tag '" + name + "' already exists");
            }
            requireNoTwin(r, Constants.R_TAGS + name);
            ObjectId target = message == null || message.isBlank() ? commit : GitWrites.annotatedTag(r, name, commit, message, who);
            GitWrites.moveRef(r, Constants.R_TAGS + name, null, target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void deleteTag(Repo repo, String tag) {
        deleteRef(repo, Constants.R_TAGS + RefNames.existingTag(tag), "tag");
    }

    /** Not ALREADY_EXISTS: clients read a 409 on create as "it is there" (huggingface_hub's exist_ok). */
    private static void requireNoTwin(Repository r, String ref) throws IOException {
        String twin = RefNames.twin(ref).orElseThrow();
        if (r.exactRef(twin) != null) {
            throw ChorusException.invalid(RefNames.clash(ref));
        }
    }
}
