package org.chorus.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.chorus.hub.repos.Repo;
import org.chorus.hub.repos.RepoId;
import org.chorus.hub.repos.RepoType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A refresh makes a change searchable without creating files (its segment stays in memory: every node refreshes per
 * batch of changes, and the file creations were most of a refresh's CPU); a commit writes it out, and a reopened
 * index holds it.
 */
class SearchIndexFilesTest {
    @TempDir
    Path dir;

    @Test
    void aRefreshWritesNoFileAndACommitWritesTheSegmentThatAReopenedIndexReads() throws IOException {
        Set<String> committed;
        try (SearchIndex index = SearchIndex.open(dir)) {
            index.commit(0, 0);
            committed = files(index.path());
            index.put(List.of(row("r1", "m1")), Map.of(), Map.of());
            index.refresh();
            assertThat(index.count()).as("searchable after the refresh").isEqualTo(1);
            assertThat(files(index.path())).as("no file created by the refresh").isEqualTo(committed);

            index.commit(1, 1);
            assertThat(files(index.path())).as("the commit wrote the segment").isNotEqualTo(committed);
        }
        try (SearchIndex reopened = SearchIndex.open(dir)) {
            assertThat(reopened.count()).isEqualTo(1);
        }
    }

    private static IndexRow row(String id, String name) {
        return new IndexRow(new Repo(id, RepoId.of(RepoType.MODEL, "a", name), false, Instant.EPOCH, Instant.EPOCH, null, 0, 0, 0, null, "transformers",
                List.of(), null, 0), "owner-a", false, "");
    }

    private static Set<String> files(Path index) throws IOException {
        try (Stream<Path> files = Files.list(index)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> !n.equals("write.lock")).collect(java.util.stream.Collectors.toSet());
        }
    }
}
