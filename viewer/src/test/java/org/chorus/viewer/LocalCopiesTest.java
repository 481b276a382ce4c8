package org.chorus.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.chorus.viewer.RepoFiles.StoredFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The viewer's node-local copies stay under their size limit: after a new copy the least recently used go (a use
 * counts, not only the copy's making), copies used within {@link LocalCopies#IN_USE} stay even over the limit, and an
 * evicted copy is made again on its next use.
 */
class LocalCopiesTest {
    @TempDir
    Path dir;
    DirectoryFiles files;
    StoredFile a;
    StoredFile b;
    StoredFile c;

    @BeforeEach
    void threeFilesOfAThousandBytes() throws IOException {
        Path repo = Files.createDirectories(dir.resolve("repo"));
        for (String name : List.of("a", "b", "c")) {
            Files.writeString(repo.resolve(name + ".csv"), "x,y\n" + (name + ",1\n").repeat(249));   // 4 + 249 × 4 = 1,000 bytes
        }
        files = new DirectoryFiles(repo);
        List<StoredFile> listed = files.list(null, "main");
        a = byPath(listed, "a.csv");
        b = byPath(listed, "b.csv");
        c = byPath(listed, "c.csv");
        assertThat(a.size()).isEqualTo(1_000);
    }

    static StoredFile byPath(List<StoredFile> files, String path) {
        return files.stream().filter(f -> f.path().equals(path)).findFirst().orElseThrow();
    }

    LocalCopies copies(long maxBytes) {
        return new LocalCopies(dir.resolve("local"), files, 1 << 20, maxBytes);
    }

    Path copy(LocalCopies copies, StoredFile f) {
        return copies.copy(null, "main", f, DataFormat.CSV).path();
    }

    /** Makes a copy look last used {@code minutes} ago. */
    static void usedAgo(Path copy, long minutes) throws IOException {
        Files.setLastModifiedTime(copy, FileTime.from(Instant.now().minus(Duration.ofMinutes(minutes))));
    }

    @Test
    void aNewCopyEvictsTheLeastRecentlyUsedNotTheOldest() throws IOException {
        LocalCopies copies = copies(2_500);
        Path pa = copy(copies, a);
        Path pb = copy(copies, b);
        usedAgo(pa, 60);
        usedAgo(pb, 30);
        // a was made first, but is used again now: b is then the least recently used
        assertThat(copy(copies, a)).isEqualTo(pa);
        usedAgo(pa, 20);

        Path pc = copy(copies, c);

        assertThat(pb).as("least recently used: evicted").doesNotExist();
        assertThat(pa).exists();
        assertThat(pc).exists();
        int opened = files.opened;
        assertThat(copy(copies, b)).as("made again on its next use").exists().hasContent(Files.readString(dir.resolve("repo/b.csv")));
        assertThat(files.opened).isEqualTo(opened + 1);
    }

    @Test
    void copiesInUseStayOverTheLimit() throws IOException {
        LocalCopies copies = copies(1_500);
        Path pa = copy(copies, a);
        Path pb = copy(copies, b);
        usedAgo(pa, LocalCopies.IN_USE.toMinutes() - 1);

        Path pc = copy(copies, c);

        assertThat(List.of(pa, pb, pc)).as("all used within the last %s", LocalCopies.IN_USE).allMatch(Files::exists);
        usedAgo(pa, LocalCopies.IN_USE.toMinutes() + 1);
        usedAgo(pb, LocalCopies.IN_USE.toMinutes() + 2);
        Files.delete(pc);
        copy(copies, c);
        assertThat(pa).doesNotExist();
        assertThat(pb).doesNotExist();
        assertThat(pc).exists();
    }

    @Test
    void underTheLimitNothingGoes() throws IOException {
        LocalCopies copies = copies(3_000);
        Path pa = copy(copies, a);
        usedAgo(pa, 600);
        copy(copies, b);
        copy(copies, c);
        assertThat(pa).exists();
    }
}
