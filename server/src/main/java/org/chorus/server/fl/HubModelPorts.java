package org.chorus.server.fl;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.chorus.core.ChorusException;
import org.chorus.federated.ModelPublisher;
import org.chorus.federated.ModelSource;
import org.chorus.hub.repos.CommitInfo;
import org.chorus.hub.repos.FileCommits;
import org.chorus.hub.repos.FileEntry;
import org.chorus.hub.repos.Repo;
import org.chorus.hub.repos.RepoId;
import org.chorus.hub.repos.RepoType;
import org.chorus.hub.repos.Repos;

/** The coordinator's hub ports: base models are read from model repositories and each round is committed to one. */
public final class HubModelPorts implements ModelSource, ModelPublisher {
    private final Repos repos;
    private final FileCommits commits;

    HubModelPorts(Repos repos, FileCommits commits) {
        this.repos = repos;
        this.commits = commits;
    }

    /** {@code owner/name} as a model repository's id; INVALID_ARGUMENT when it is not of that form. */
    public static RepoId modelRepo(String ownerSlashName) {
        int slash = ownerSlashName == null ? -1 : ownerSlashName.indexOf('/');
        if (slash <= 0) {
            throw ChorusException.invalid("a model repository is owner/name, got '" + ownerSlashName + "'");
        }
        return RepoId.of(RepoType.MODEL, ownerSlashName.substring(0, slash), ownerSlashName.substring(slash + 1));
    }

    @Override
    public byte[] read(String repo, String revision, String path) {
        Repo r = repos.get(Optional.of(SystemPrincipal.INSTANCE), modelRepo(repo));
        FileEntry file = repos.file(r, revision, path);
        long size = file.lfs() != null ? file.lfs().size() : file.size();
        try (InputStream in = repos.open(r, file, 0, size)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + repo + "@" + revision + ":" + path, e);
        }
    }

    @Override
    public String commit(String repo, String message, Map<String, byte[]> files) {
        List<FileCommits.File> content = files.entrySet().stream().map(e -> FileCommits.File.of(e.getKey(), e.getValue())).toList();
        return commits.commit(SystemPrincipal.INSTANCE, modelRepo(repo), "main", message, "", content);
    }

    @Override
    public Optional<String> head(String repo, String message) {
        Repo r = repos.get(Optional.of(SystemPrincipal.INSTANCE), modelRepo(repo));
        return repos.commits(r, "main", 0, 1).items().stream().findFirst().filter(c -> c.title().equals(message)).map(CommitInfo::id);
    }
}
