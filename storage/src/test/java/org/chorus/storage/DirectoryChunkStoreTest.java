package org.chorus.storage;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class DirectoryChunkStoreTest extends ChunkStoreContract {
    @TempDir
    Path dir;

    @Override
    ObjectStore objects() {
        return new DirectoryObjectStore(dir);
    }
}
