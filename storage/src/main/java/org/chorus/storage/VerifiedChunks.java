package org.chorus.storage;

import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.BitSet;
import java.util.Map;
import java.util.Objects;

/**
 * Which chunks of which locally stored xorbs this process has decoded and hashed and found good, so later reads can
 * send their stored bytes without hashing them again (BLAKE3 was 96% of a download's CPU). A mark belongs to one
 * version of the file (its identity, size and modification time: any rewrite drops it) and expires after
 * {@code ttl}, so a byte that rots on disk after it was checked is found by the next check within {@code ttl} (or by
 * fsck), not served for ever. Bounded: the least recently used xorbs are forgotten.
 */
final class VerifiedChunks {
    private static final int XORBS = 8192;

    private record Version(Object fileKey, long size, long modified) {
        static Version of(BasicFileAttributes a) {
            return new Version(a.fileKey(), a.size(), a.lastModifiedTime().toMillis());
        }
    }

    /** The marks of one version of one xorb; callers synchronize on it. */
    static final class Marks {
        private final Version version;
        private final long since;
        private final BitSet good = new BitSet();

        private Marks(Version version, long since) {
            this.version = version;
            this.since = since;
        }

        synchronized boolean good(int chunk) {
            return good.get(chunk);
        }

        synchronized void markGood(int chunk) {
            good.set(chunk);
        }
    }

    private final Map<XorbHash, Marks> marks = RecentlyUsed.map(XORBS);
    private volatile long ttlNanos;

    VerifiedChunks(Duration ttl) {
        this.ttlNanos = ttl.toNanos();
    }

    /** For tests: how long a mark lasts. */
    void ttl(Duration ttl) {
        this.ttlNanos = ttl.toNanos();
    }

    /** The marks for the xorb file as it is now: fresh (empty) ones if it changed or they expired. */
    Marks of(XorbHash xorb, BasicFileAttributes attributes) {
        Version v = Version.of(attributes);
        long now = System.nanoTime();
        synchronized (marks) {
            Marks m = marks.get(xorb);
            if (m == null || !Objects.equals(m.version, v) || now - m.since >= ttlNanos) {
                m = new Marks(v, now);
                marks.put(xorb, m);
            }
            return m;
        }
    }

    void forget(XorbHash xorb) {
        synchronized (marks) {
            marks.remove(xorb);
        }
    }
}
