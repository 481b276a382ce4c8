package org.chorus.federated;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;

/**
 * A hub stand-in holding files by (repo, revision, path) in memory, for tests and simulations until the
 * hub's repositories are wired in. Commits get revisions {@code r1, r2, ...} and also move {@code main}.
 */
public final class InMemoryHub implements ModelSource, ModelPublisher {
    /** One commit as published. */
    public record Commit(String repo, String revision, String message, Map<String, byte[]> files) {}

    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final List<Commit> commits = new ArrayList<>();

    public void put(String repo, String revision, String path, byte[] bytes) {
        files.put(repo + "@" + revision + ":" + path, bytes.clone());
    }

    @Override
    public byte[] read(String repo, String revision, String path) {
        byte[] b = files.get(repo + "@" + revision + ":" + path);
        if (b == null) {
            throw new ChorusException(ErrorCode.ENTRY_NOT_FOUND, path + " not found in " + repo + "@" + revision);
        }
        return b.clone();
    }

    @Override
    public synchronized String commit(String repo, String message, Map<String, byte[]> newFiles) {
        String revision = "r" + (commits.size() + 1);
        newFiles.forEach((path, bytes) -> {
            put(repo, revision, path, bytes);
            put(repo, "main", path, bytes);
        });
        commits.add(new Commit(repo, revision, message, Map.copyOf(newFiles)));
        return revision;
    }

    @Override
    public synchronized Optional<String> head(String repo, String message) {
        return commits.reversed().stream().filter(c -> c.repo().equals(repo)).findFirst().filter(c -> c.message().equals(message))
                .map(Commit::revision);
    }

    public synchronized List<Commit> commits() {
        return List.copyOf(commits);
    }
}
