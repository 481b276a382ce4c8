package org.chorus.hub.repos;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
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
        long length = SafetensorsHeader.length(read(repo, file, 0, 8), file.size(), MAX_SAFETENSORS_HEADER);
        return SafetensorsHeader.parse(read(repo, file, 8, length), file.size());
    }

    @Override
    public TablePreview table(Optional<Principal> caller, RepoId id, String revision, String path, int rows) {
        if (rows < 1 || rows > MAX_ROWS) {
            throw ChorusException.invalid("rows must be between 1 and " + MAX_ROWS);
        }
        Repo repo = repos.get(caller, id);
        FileEntry file = repos.file(repo, revision, path);
        String lower = path.toLowerCase(Locale.ROOT);
        long length = Math.min(file.size(), TABLE_PREFIX_BYTES);
        boolean whole = length == file.size();
        if (lower.endsWith(".csv")) {
            return TablePrefix.delimited("csv", read(repo, file, 0, length), whole, ',', rows);
        }
        if (lower.endsWith(".tsv")) {
            return TablePrefix.delimited("tsv", read(repo, file, 0, length), whole, '\t', rows);
        }
        if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) {
            return TablePrefix.jsonLines(read(repo, file, 0, length), whole, rows);
        }
        throw ChorusException.invalid("'" + path + "' is not a .csv, .tsv or .jsonl file");
    }

    private byte[] read(Repo repo, FileEntry file, long offset, long length) {
        try (InputStream in = repos.open(repo, file, offset, length)) {
            return in.readNBytes((int) length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
