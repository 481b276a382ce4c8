package org.chorus.storage;

class MemoryChunkStoreTest extends ChunkStoreContract {
    @Override
    ObjectStore objects() {
        return new MemoryObjectStore();
    }
}
