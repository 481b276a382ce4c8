package org.chorus.storage;

import java.nio.file.Path;

/** Picks the backend a config names. */
final class ObjectStores {
    private ObjectStores() {}

    static ObjectStore open(StorageConfig config) {
        return switch (config.backend()) {
            case MEMORY -> new MemoryObjectStore();
            case DIRECTORY -> new DirectoryObjectStore(Path.of(config.location()));
            case S3 -> S3ObjectStore.open(config);
        };
    }
}
