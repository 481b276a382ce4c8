package org.chorus.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** A {@link BlobStore} over an object store, every name under one prefix ({@code blobs/<namespace>/}). */
final class NamespacedBlobs implements BlobStore {
    private final ObjectStore objects;
    private final String prefix;

    NamespacedBlobs(ObjectStore objects, String prefix) {
        this.objects = objects;
        this.prefix = prefix;
    }

    private String full(String name) {
        return ObjectNames.check(prefix + name);
    }

    @Override
    public void put(String name, InputStream in) {
        String target = full(name);
        byte[] buffer = new byte[1 << 16];
        try (Draft draft = objects.draft()) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                draft.write(buffer, 0, n);
            }
            draft.publish(target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public InputStream open(String name, long start, long end) {
        return objects.openRange(full(name), start, end);
    }

    @Override
    public byte[] getRange(String name, long start, long end) {
        return objects.getRange(full(name), start, end);
    }

    @Override
    public Optional<Path> localFile(String name) {
        return objects.localFile(full(name));
    }

    @Override
    public Optional<Info> stat(String name) {
        return objects.stat(full(name)).map(this::relative);
    }

    @Override
    public List<Info> list(String namePrefix) {
        return objects.list(prefix + namePrefix).stream().map(this::relative).toList();
    }

    private Info relative(ObjectStore.Info info) {
        return new Info(info.name().substring(prefix.length()), info.size(), info.lastModified());
    }

    @Override
    public void delete(String name) {
        objects.delete(full(name));
    }
}
