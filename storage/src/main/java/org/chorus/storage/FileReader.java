package org.chorus.storage;

import java.io.InputStream;
import java.util.ArrayDeque;

import java.util.concurrent.Future;

/**
 * Streams bytes {@code [start, end)} of a file. Work is cut into batches of whole chunks (a few MiB); workers fetch,
 * decompress and verify the next batches while the caller consumes the current one.
 */
final class FileReader extends InputStream {
    /** A download holds at most AHEAD + 1 batches (raw and stored bytes): about 6 MiB, whatever the file's size. */
    private static final int BATCH_BYTES = 1024 * 1024;
    private static final int AHEAD = 2;

    private record Batch(XorbHash xorb, int chunkStart, int chunkEnd, long rawBytes) {}

    private final DefaultChunkStore store;
    private final ArrayDeque<Batch> todo = new ArrayDeque<>();
    private final ArrayDeque<Future<byte[]>> ahead = new ArrayDeque<>();
    private byte[] current = new byte[0];
    private int pos;
    private long skip;
    private long remaining;

    FileReader(DefaultChunkStore store, FileRecord file, long start, long end) {
        this.store = store;
        this.remaining = end - start;
        RangePlan plan = RangePlan.of(store, file, start, end);
        this.skip = plan.offsetIntoFirst();
        for (RangePlan.Span span : plan.spans()) {
            // Batches of whole chunks, a few MiB each, so workers can decode ahead in parallel.
            XorbLayout layout = span.layout();
            for (int from = span.from(); from < span.to(); ) {
                int to = from;
                long bytes = 0;
                while (to < span.to() && (bytes == 0 || bytes < BATCH_BYTES)) {
                    bytes += layout.rawSize(to++);
                }
                todo.add(new Batch(layout.hash, from, to, bytes));
                from = to;
            }
        }
        fill();
    }

    private void fill() {
        while (ahead.size() < AHEAD && !todo.isEmpty()) {
            Batch b = todo.poll();
            ahead.add(store.workers.submit(() -> decode(b)));
        }
    }

    private byte[] decode(Batch b) {
        XorbLayout layout = store.layout(b.xorb());
        String name = DefaultChunkStore.xorbName(b.xorb());
        int base = layout.start(b.chunkStart());
        byte[] bytes = store.objects.getRange(name, base, layout.start(b.chunkEnd()));
        byte[] out = new byte[Math.toIntExact(b.rawBytes())];
        int o = 0;
        for (int i = b.chunkStart(); i < b.chunkEnd(); i++) {
            int p = layout.start(i) - base;
            int n = ChunkCodec.decode(bytes, p, layout.start(i + 1) - base, out, o, name);
            if (n != layout.rawSize(i) || !XetHashing.chunkHash(out, o, n).equals(layout.chunk(i))) {
                throw ChunkCodec.corrupt(name, "chunk " + i + " does not match its hash");
            }
            o += n;
        }
        return out;
    }

    private boolean advance() {
        while (pos == current.length) {
            if (ahead.isEmpty() || remaining == 0) {
                return false;
            }
            current = Ingester.await(ahead.poll());
            fill();
            pos = (int) Math.min(skip, current.length);
            skip -= pos;
        }
        return true;
    }

    @Override
    public int read() {
        if (remaining == 0 || !advance()) {
            return -1;
        }
        remaining--;
        return current[pos++] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        if (remaining == 0 || !advance()) {
            return -1;
        }
        int n = (int) Math.min(Math.min(len, current.length - pos), remaining);
        System.arraycopy(current, pos, b, off, n);
        pos += n;
        remaining -= n;
        return n;
    }

    @Override
    public void close() {
        ahead.forEach(f -> f.cancel(true));
        ahead.clear();
        todo.clear();
        remaining = 0;
    }
}
