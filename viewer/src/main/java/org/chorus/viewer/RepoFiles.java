package org.chorus.viewer;

import java.io.InputStream;
import java.util.List;
import org.chorus.hub.repos.FileEntry;
import org.chorus.hub.repos.Repo;
import org.chorus.hub.repos.Repos;

/** Where the viewer reads a repository's files: the hub's storage (LFS and Xet files included), or a bench's stub. */
public interface RepoFiles {

    /** Every file of the repository at {@code commit}, recursively. */
    List<StoredFile> list(Repo repo, String commit);

    /** The first {@code length} bytes of a file. */
    InputStream open(Repo repo, String commit, StoredFile file, long length);

    /** {@code contentHash}: the LFS/Xet sha256 of a large file, else the git blob id; it names the local copy. */
    record StoredFile(String path, long size, String contentHash) {}

    static RepoFiles of(Repos repos) {
        return new RepoFiles() {
            @Override
            public List<StoredFile> list(Repo repo, String commit) {
                return repos.tree(repo, commit, "", true, false).stream().filter(e -> !e.directory())
                        .map(e -> new StoredFile(e.path(), e.size(), e.lfs() != null ? e.lfs().oid() : e.oid())).toList();
            }

            @Override
            public InputStream open(Repo repo, String commit, StoredFile file, long length) {
                FileEntry entry = repos.file(repo, commit, file.path());
                return repos.open(repo, entry, 0, Math.min(length, entry.size()));
            }
        };
    }
}
