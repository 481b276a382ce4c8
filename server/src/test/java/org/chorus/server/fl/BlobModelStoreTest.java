package org.chorus.server.fl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.chorus.storage.BlobStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints as blobs: the last two rounds are kept, and another store on the same backend reads them. */
class BlobModelStoreTest {
    @TempDir
    Path dir;

    @Test
    void keepsTheLastTwoRoundsWhereAnotherNodeReadsThem() {
        BlobModelStore writer = new BlobModelStore(BlobStore.directory(dir));
        for (int round = 1; round <= 3; round++) {
            writer.save("task1", round, new byte[] {(byte) round, 42});
        }
        BlobModelStore otherNode = new BlobModelStore(BlobStore.directory(dir));

        assertThat(otherNode.load("task1", 3)).hasValueSatisfying(b -> assertThat(b).containsExactly(3, 42));
        assertThat(otherNode.load("task1", 2)).hasValueSatisfying(b -> assertThat(b).containsExactly(2, 42));
        assertThat(otherNode.load("task1", 1)).as("round n-2 is dropped").isEmpty();
        assertThat(otherNode.load("task2", 1)).isEmpty();
    }
}
