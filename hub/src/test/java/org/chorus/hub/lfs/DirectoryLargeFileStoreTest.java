package org.chorus.hub.lfs;

import java.nio.file.Path;

class DirectoryLargeFileStoreTest extends LargeFileStoreContract {
    @Override
    LargeFileStore open(Path dir) {
        return LargeFileStore.directory(dir);
    }
}
