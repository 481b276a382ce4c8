package org.chorus.storage;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import org.chorus.core.ChorusException;

/** Objects in a map; for tests and throwaway stores. */
final class MemoryObjectStore implements ObjectStore {
    private record Entry(byte[] data, Instant created) {}

    private final Map<String, Entry> objects = new ConcurrentSkipListMap<>();

    @Override
    public void put(String name, byte[] data) {
        objects.put(ObjectNames.check(name), new Entry(data.clone(), Instant.now()));
    }

    @Override
    public byte[] get(String name) {
        return entry(name).data().clone();
    }

    @Override
    public byte[] getRange(String name, long start, long end) {
        byte[] data = entry(name).data();
        ObjectNames.checkRange(name, start, end, data.length);
        return java.util.Arrays.copyOfRange(data, (int) start, (int) end);
    }

    @Override
    public Optional<Info> stat(String name) {
        Entry e = objects.get(name);
        return e == null ? Optional.empty() : Optional.of(new Info(name, e.data().length, e.created()));
    }

    @Override
    public List<Info> list(String prefix) {
        return objects.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                .map(e -> new Info(e.getKey(), e.getValue().data().length, e.getValue().created())).toList();
    }

    @Override
    public void delete(String name) {
        objects.remove(name);
    }

    private Entry entry(String name) {
        Entry e = objects.get(name);
        if (e == null) {
            throw ChorusException.notFound("no object " + name);
        }
        return e;
    }
}
