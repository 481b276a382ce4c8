package org.chorus.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreesTest {
    @TempDir
    Path dir;

    @Test
    void deletesATreeDeepestFirstAndLeavesItsSiblings() throws Exception {
        Path root = dir.resolve("root");
        Files.createDirectories(root.resolve("a/b/c"));
        Files.writeString(root.resolve("a/b/c/file.txt"), "x");
        Files.writeString(root.resolve("top.txt"), "y");
        Path sibling = Files.writeString(dir.resolve("sibling.txt"), "keep");

        FileTrees.delete(root);

        assertThat(root).doesNotExist();
        assertThat(sibling).hasContent("keep");
    }

    @Test
    void aMissingRootIsAlreadyDeleted() throws Exception {
        Path missing = dir.resolve("never-created");

        FileTrees.delete(missing);

        assertThat(missing).doesNotExist();
        assertThat(dir).exists();
    }
}
