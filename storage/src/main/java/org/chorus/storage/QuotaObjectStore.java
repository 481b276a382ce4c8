package org.chorus.storage;

import java.util.concurrent.atomic.AtomicLong;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;

/** Refuses puts beyond a byte budget, the way a full disk does; lets tests check that a full store loses nothing. */
final class QuotaObjectStore extends ForwardingObjectStore {
    private final long quota;
    private final AtomicLong used = new AtomicLong();

    QuotaObjectStore(ObjectStore inner, long quota) {
        super(inner);
        this.quota = quota;
        used.set(inner.list("").stream().mapToLong(Info::size).sum());
    }

    @Override
    public void put(String name, byte[] data) {
        long before = inner.stat(name).map(Info::size).orElse(0L);
        long after = used.addAndGet(data.length - before);
        if (after > quota) {
            used.addAndGet(before - data.length);
            throw new ChorusException(ErrorCode.STORAGE_FULL, "storage is full while writing " + name);
        }
        inner.put(name, data);
    }

    @Override
    public Draft draft() {
        Draft inner = this.inner.draft();
        return new Draft() {
            @Override
            public void write(byte[] b, int off, int len) {
                if (used.get() + inner.size() + len > quota) {
                    close();
                    throw new ChorusException(ErrorCode.STORAGE_FULL, "storage is full while writing a draft");
                }
                inner.write(b, off, len);
            }

            @Override
            public long size() {
                return inner.size();
            }

            @Override
            public void publish(String name) {
                long before = QuotaObjectStore.this.inner.stat(name).map(Info::size).orElse(0L);
                long after = used.addAndGet(inner.size() - before);
                if (after > quota) {
                    used.addAndGet(before - inner.size());
                    close();
                    throw new ChorusException(ErrorCode.STORAGE_FULL, "storage is full while writing " + name);
                }
                inner.publish(name);
            }

            @Override
            public void close() {
                inner.close();
            }
        };
    }

    @Override
    public void delete(String name) {
        inner.stat(name).ifPresent(i -> used.addAndGet(-i.size()));
        inner.delete(name);
    }
}
