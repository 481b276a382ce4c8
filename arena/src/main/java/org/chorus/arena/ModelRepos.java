package org.chorus.arena;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.hub.accounts.Principal;
import org.chorus.hub.repos.FileEntry;
import org.chorus.hub.repos.Repo;
import org.chorus.hub.repos.RepoId;
import org.chorus.hub.repos.RepoPaths;
import org.chorus.hub.repos.RepoType;
import org.chorus.hub.repos.Repos;
import org.chorus.hub.repos.TreeEntry;

/**
 * The hub's side of model submissions. A submission's revision is resolved with the participant's own rights (a
 * repository they cannot read is REPO_NOT_FOUND, as a missing one), and its repository is kept by internal id, so a
 * rename or a new repository under the old name changes nothing. The worker holding the job's lease reads that commit's
 * files through the server, not with a credential of the participant's; the test inputs come from the competition's
 * public dataset repository, read as an anonymous caller would (so nothing private is ever handed to a worker).
 */
final class ModelRepos {
    /** The branch a submission without a revision names. */
    static final String DEFAULT_REVISION = "main";

    private final Repos repos; // null on a server without the hub: model submissions are refused

    ModelRepos(Repos repos) {
        this.repos = repos;
    }

    /** A submitted model: its repository as named, its internal id and the commit its revision resolved to. */
    record Ref(String repo, String repoId, String commit) {}

    Ref resolve(Principal caller, String model, String revision) {
        String[] parts = model == null ? new String[0] : model.split("/", -1);
        if (parts.length != 2) {
            throw ChorusException.invalid("model must be owner/name, a model repository on this hub");
        }
        String rev = revision == null || revision.isBlank() ? DEFAULT_REVISION : revision;
        if (rev.length() > 256 || rev.chars().anyMatch(Character::isISOControl)) {
            throw ChorusException.invalid("revision must be a branch, tag or commit id of at most 256 characters");
        }
        Repo repo = hub().get(Optional.of(caller), RepoId.of(RepoType.MODEL, parts[0], parts[1]));
        return new Ref(repo.fullName(), repo.id(), hub().resolve(repo, rev));
    }

    /** The files of the model's commit (not directories), in the tree's order. */
    List<TreeEntry> files(Ref model) {
        return hub().tree(repo(model), model.commit(), "", true, false).stream().filter(e -> !e.directory()).toList();
    }

    Workers.Opened open(Ref model, String path) {
        Repo repo = repo(model);
        FileEntry file = hub().file(repo, model.commit(), RepoPaths.require(path));
        return new Workers.Opened(file.size(), hub().open(repo, file, 0, file.size()));
    }

    /**
     * Whether the viewer (empty: an anonymous caller) may read the dataset repository {@code owner/name}. A missing
     * one answers as a private one does: the answer never tells whether a private repository of that name exists.
     */
    boolean datasetReadable(Optional<Principal> viewer, String datasetRepo) {
        return repos != null && repos.access(viewer, dataset(datasetRepo)).isPresent();
    }

    /** The competition's test inputs as text: the file at {@code testInputs} on the public dataset's main branch. */
    String testInputs(CompetitionSpec spec) {
        Repo dataset;
        try {
            dataset = hub().get(Optional.empty(), dataset(spec.datasetRepo()));
        } catch (ChorusException e) {
            throw new ChorusException(ErrorCode.CONFLICT, "the dataset " + spec.datasetRepo() + " is not a public dataset repository on this hub");
        }
        FileEntry file = hub().file(dataset, DEFAULT_REVISION, spec.testInputs());
        if (file.size() > Arena.MAX_FILE_BYTES) {
            throw new ChorusException(ErrorCode.CONFLICT, "the test inputs are " + file.size() + " bytes; at most " + Arena.MAX_FILE_BYTES);
        }
        try (InputStream in = hub().open(dataset, file, 0, file.size())) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A dataset repository as a competition names it: {@code owner/name}, checked by {@link CompetitionSpec}. */
    private static RepoId dataset(String datasetRepo) {
        String[] parts = datasetRepo.split("/", -1);
        return RepoId.of(RepoType.DATASET, parts[0], parts[1]);
    }

    private Repo repo(Ref model) {
        return hub().findById(model.repoId()).orElseThrow(() -> ChorusException.notFound("the submitted model " + model.repo()
                + " no longer exists"));
    }

    private Repos hub() {
        if (repos == null) {
            throw new ChorusException(ErrorCode.CONFLICT, "this server has no hub to take model submissions from");
        }
        return repos;
    }
}
