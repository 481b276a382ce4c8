package org.chorus.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryObjectStoreTest extends ObjectStoreContract {
    @TempDir
    Path dir;

    @Override
    ObjectStore store() {
        return new DirectoryObjectStore(dir);
    }

    @Test
    void leavesNoTemporaryFilesBehindAfterPuts() throws Exception {
        try (ObjectStore s = store()) {
            s.put("xorbs/aa/x", new byte[1000]);
            try (var tmp = Files.list(dir.resolve(".tmp"))) {
                assertThat(tmp.toList()).isEmpty();
            }
        }
    }
}
