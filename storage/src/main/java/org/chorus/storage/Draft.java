package org.chorus.storage;

import java.io.ByteArrayOutputStream;

/**
 * An object being written. Bytes go where the backend stages them (a temporary file, a spool file, memory);
 * {@link #publish} makes them durable and visible under a name, atomically, as {@link ObjectStore#put} does;
 * {@link #close} without publishing discards them.
 */
interface Draft extends AutoCloseable {
    void write(byte[] b, int off, int len);

    /** Bytes written so far. */
    long size();

    /** Publishes the bytes as {@code name}; the draft is spent afterwards. */
    void publish(String name);

    @Override
    void close();

    /** For stores whose objects live in memory anyway (and tests). */
    final class InMemory implements Draft {
        private final ObjectStore store;
        private ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        InMemory(ObjectStore store) {
            this.store = store;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
        }

        @Override
        public long size() {
            return bytes.size();
        }

        @Override
        public void publish(String name) {
            store.put(name, bytes.toByteArray());
            bytes = new ByteArrayOutputStream();
        }

        @Override
        public void close() {
            bytes = new ByteArrayOutputStream();
        }
    }
}
