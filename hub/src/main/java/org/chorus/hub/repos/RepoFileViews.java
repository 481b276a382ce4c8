package org.chorus.hub.repos;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.chorus.core.ChorusException;
import org.chorus.hub.accounts.Principal;

final class RepoFileViews implements FileViews {
    private final Repos repos;

    RepoFileViews(Repos repos) {
        this.repos = repos;
    }

    @Override
    public SafetensorsSummary safetensors(Optional<Principal> caller, RepoId id, String revision, String path) {
        Repo repo = repos.get(caller, id);
        FileEntry file = repos.file(repo, revision, path);
        if (!path.endsWith(".safetensors")) {
            throw ChorusException.invalid("'" + path + "' is not a .safetensors file");
        }
        return FileViews.safetensorsOf((offset, length) -> read(repo, file, offset, length), file.size());
    }

    @Override
    public TablePreview table(Optional<Principal> caller, RepoId id, String revision, String path, int rows) {
        Repo repo = repos.get(caller, id);
        FileEntry file = repos.file(repo, revision, path);
        return FileViews.tableOf(path, (offset, length) -> read(repo, file, offset, length), file.size(), rows);
    }

    private byte[] read(Repo repo, FileEntry file, long offset, long length) {
        try (InputStream in = repos.open(repo, file, offset, length)) {
            return in.readNBytes((int) length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
