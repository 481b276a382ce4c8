package org.chorus.storage;

import java.util.LinkedHashMap;
import java.util.Map;

/** Maps that keep their most recently used entries (access order, as {@link LinkedHashMap}: not thread-safe). */
final class RecentlyUsed {
    private RecentlyUsed() {}

    /** A map that drops its least recently used entry once it holds more than {@code max}. */
    static <K, V> Map<K, V> map(int max) {
        return new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > max;
            }
        };
    }
}
