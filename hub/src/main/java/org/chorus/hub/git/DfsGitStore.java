package org.chorus.hub.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.stream.Stream;
import org.chorus.core.db.Database;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.lib.Repository;

final class DfsGitStore implements GitStore {
    private final Database db;
    private final Path directory;
    private final Clock clock;

    DfsGitStore(Database db, Path directory, Clock clock) {
        this.db = db;
        this.directory = directory;
        this.clock = clock;
    }

    @Override
    public Repository open(String repoId) {
        return new SqlDfsRepository.Builder(db, directory.resolve(repoId), clock)
                .setRepositoryDescription(new DfsRepositoryDescription(repoId)).build();
    }

    @Override
    public void deleteFiles(String repoId) {
        Path dir = directory.resolve(repoId);
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
