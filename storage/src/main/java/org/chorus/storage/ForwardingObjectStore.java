package org.chorus.storage;

import java.util.List;
import java.util.Optional;

/** An {@link ObjectStore} that passes every call to another: a wrapper overrides only what it changes. */
abstract class ForwardingObjectStore implements ObjectStore {
    final ObjectStore inner;

    ForwardingObjectStore(ObjectStore inner) {
        this.inner = inner;
    }

    @Override
    public void put(String name, byte[] data) {
        inner.put(name, data);
    }

    @Override
    public void mark(String name) {
        inner.mark(name);
    }

    @Override
    public Draft draft() {
        return inner.draft();
    }

    @Override
    public java.io.InputStream openRange(String name, long start, long end) {
        return inner.openRange(name, start, end);
    }

    @Override
    public Optional<java.nio.file.Path> localFile(String name) {
        return inner.localFile(name);
    }

    @Override
    public Optional<java.nio.file.Path> cacheDirectory() {
        return inner.cacheDirectory();
    }

    @Override
    public byte[] get(String name) {
        return inner.get(name);
    }

    @Override
    public byte[] getRange(String name, long start, long end) {
        return inner.getRange(name, start, end);
    }

    @Override
    public Optional<Info> stat(String name) {
        return inner.stat(name);
    }

    @Override
    public boolean exists(String name) {
        return inner.exists(name);
    }

    @Override
    public List<Info> list(String prefix) {
        return inner.list(prefix);
    }

    @Override
    public void delete(String name) {
        inner.delete(name);
    }

    @Override
    public List<Info> temporaries() {
        return inner.temporaries();
    }

    @Override
    public void deleteTemporary(String name) {
        inner.deleteTemporary(name);
    }

    @Override
    public void close() {
        inner.close();
    }
}
