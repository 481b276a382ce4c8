package org.chorus.storage;

class MemoryObjectStoreTest extends ObjectStoreContract {
    @Override
    ObjectStore store() {
        return new MemoryObjectStore();
    }
}
