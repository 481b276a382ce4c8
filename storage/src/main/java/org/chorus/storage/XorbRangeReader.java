package org.chorus.storage;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;

/**
 * Serialized bytes {@code [start, end)} of a stored xorb, for Xet clients, which decode chunks themselves: every chunk
 * the range touches is decoded and hashed before its bytes go out (once per process for local files, see
 * {@link VerifiedChunks}), so a rotten byte is refused here rather than handed to a client that may not check.
 * Local files are memory-mapped and sent without copies through the heap (as file regions where the channel takes them).
 */
final class XorbRangeReader extends InputStream implements ChannelTransfer {
    private static final int BATCH_BYTES = 1 << 20;
    /** Batches fetched from the store ahead of the one being sent. */
    private static final int AHEAD = 2;

    /** A batch fetched and verified: the stored bytes of chunks up to {@code end}. */
    private record Fetched(int end, byte[] bytes) {}

    private final DefaultChunkStore store;
    private final XorbLayout layout;
    private final String name;
    private final long start;
    private final long end;
    /** The xorb's local file, if any; emptied when a cached copy went away before it was opened. */
    private Optional<Path> local;
    private Arena arena;
    /** The local file, open while mapped: verified runs go out as regions of it (see {@link FileRegionChannel}). */
    private FileChannel file;
    private ByteBuffer mapped;
    private VerifiedChunks.Marks marks;
    /** Next chunk to send, and the current segment being read as a stream. */
    private int chunk;
    private ByteBuffer segment = ByteBuffer.allocate(0);
    /** Without a local file: the batches from the store, fetched and verified ahead; made at the first. */
    private FetchAhead<Fetched> fetched;

    XorbRangeReader(DefaultChunkStore store, XorbHash xorb, long start, long end) {
        this.store = store;
        this.name = DefaultChunkStore.xorbName(xorb);
        try {
            this.layout = store.layout(xorb);
        } catch (ChorusException e) {
            throw e.code() == ErrorCode.NOT_FOUND ? ChorusException.notFound("no xorb " + xorb) : e;
        }
        ObjectNames.checkRange(name, start, end, layout.start(layout.chunkCount()));
        this.start = start;
        this.end = end;
        this.local = store.localXorb(layout, end - start);
        while (chunk + 1 < layout.chunkCount() && layout.start(chunk + 1) <= start) {
            chunk++;
        }
    }

    /** The next run of verified bytes inside the range, or null at the end. */
    private ByteBuffer next() throws IOException {
        if (chunk >= layout.chunkCount() || layout.start(chunk) >= end) {
            return null;
        }
        ByteBuffer out = local.isPresent() ? nextMappedOrFetched() : nextFetched();
        // Clip to [start, end): the first and last chunks may stick out.
        long segStart = layout.start(chunk) - (long) out.remaining();
        int from = (int) Math.max(0, start - segStart);
        int to = (int) Math.min(out.remaining(), end - segStart);
        return out.slice(out.position() + from, to - from);
    }

    /** Where in the xorb file the bytes of {@code run} (from {@link #next()}) start: runs end at the current chunk. */
    private long filePosition(ByteBuffer run) {
        return Math.min(layout.start(chunk), end) - run.remaining();
    }

    /** As {@link #nextMapped}, falling back to the store when a cached copy went away; a corrupt copy is dropped. */
    private ByteBuffer nextMappedOrFetched() throws IOException {
        try {
            return nextMapped();
        } catch (NoSuchFileException e) {
            if (!store.isCopy(layout.hash)) {
                throw ChorusException.notFound("no object " + name);
            }
            local = Optional.empty();
            if (file != null) {
                file.close();   // opened just before the name went: fetched bytes must not be sent as its regions
                file = null;
            }
            return nextFetched();
        } catch (ChorusException e) {
            store.dropCopy(layout.hash);
            throw e;
        }
    }

    private ByteBuffer nextMapped() throws IOException {
        if (mapped == null) {
            Path path = local.get();
            file = FileChannel.open(path, StandardOpenOption.READ);
            marks = store.verified.of(layout.hash, Files.readAttributes(path, BasicFileAttributes.class));
            long size = layout.start(layout.chunkCount());
            if (file.size() < size) {
                throw ChunkCodec.corrupt(name, "shorter than its index says");
            }
            arena = Arena.ofShared();
            mapped = file.map(FileChannel.MapMode.READ_ONLY, 0, size, arena).asByteBuffer();
        }
        int first = chunk;
        byte[] stored = new byte[0];
        while (chunk < layout.chunkCount() && layout.start(chunk) < end
                && (chunk == first || layout.start(chunk + 1) - layout.start(first) <= BATCH_BYTES * 8L)) {
            if (!marks.good(chunk)) {
                int len = layout.start(chunk + 1) - layout.start(chunk);
                if (stored.length < len) {
                    stored = new byte[len];
                }
                mapped.get(layout.start(chunk), stored, 0, len);
                verify(stored, 0, chunk);
                marks.markGood(chunk);
            }
            chunk++;
        }
        return mapped.slice(layout.start(first), layout.start(chunk) - layout.start(first));
    }

    /**
     * The next batch read from the store: the workers fetch and verify up to {@link #AHEAD} more batches while this one
     * is sent (one at a time, each fetch's latency and hashing added up).
     */
    private ByteBuffer nextFetched() {
        if (fetched == null) {
            fetched = new FetchAhead<>(store.workers, AHEAD, batchesFrom(chunk));
        }
        Fetched f = fetched.next();
        chunk = f.end();
        return ByteBuffer.wrap(f.bytes());
    }

    /** Tasks fetching batches of whole chunks (about {@link #BATCH_BYTES}) from chunk {@code first} to the range's end. */
    private Iterator<Callable<Fetched>> batchesFrom(int first) {
        return new Iterator<>() {
            private int next = first;

            @Override
            public boolean hasNext() {
                return next < layout.chunkCount() && layout.start(next) < end;
            }

            @Override
            public Callable<Fetched> next() {
                int from = next;
                int to = from;
                while (to < layout.chunkCount() && layout.start(to) < end
                        && (to == from || layout.start(to + 1) - layout.start(from) <= BATCH_BYTES)) {
                    to++;
                }
                next = to;
                int last = to;
                return () -> new Fetched(last, fetchVerified(from, last));
            }
        };
    }

    /** Stored bytes of chunks {@code [first, end)}, each checked against its hash. */
    private byte[] fetchVerified(int first, int end) {
        byte[] bytes = store.objects.getRange(name, layout.start(first), layout.start(end));
        for (int i = first; i < end; i++) {
            verify(bytes, layout.start(i) - layout.start(first), i);
        }
        return bytes;
    }

    private void verify(byte[] stored, int p, int i) {
        byte[] raw = new byte[layout.rawSize(i)];
        int n = ChunkCodec.decode(stored, p, p + layout.start(i + 1) - layout.start(i), raw, 0, name);
        if (n != raw.length || !XetHashing.chunkHash(raw, 0, n).equals(layout.chunk(i))) {
            throw ChunkCodec.corrupt(name, "chunk " + i + " does not match its hash");
        }
    }

    @Override
    public long transferTo(WritableByteChannel out) throws IOException {
        long sent = 0;
        if (segment.hasRemaining()) {
            sent += segment.remaining();
            write(segment, out);
        }
        for (ByteBuffer b; (b = next()) != null; ) {
            sent += b.remaining();
            if (file != null) {
                FileRegionChannel.send(b, file, filePosition(b), out);
            } else {
                write(b, out);
            }
        }
        return sent;
    }

    private static void write(ByteBuffer b, WritableByteChannel out) throws IOException {
        while (b.hasRemaining()) {
            out.write(b);
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (!segment.hasRemaining()) {
            ByteBuffer n = next();
            if (n == null) {
                return -1;
            }
            segment = n;
        }
        int k = Math.min(len, segment.remaining());
        segment.get(b, off, k);
        return k;
    }

    @Override
    public void close() {
        if (fetched != null) {
            fetched.close();
        }
        segment = ByteBuffer.allocate(0);
        mapped = null;
        chunk = layout.chunkCount();
        if (arena != null) {
            arena.close();
            arena = null;
        }
        if (file != null) {
            try {
                file.close();
            } catch (IOException e) {
                // A read-only channel: nothing was lost.
            }
            file = null;
        }
    }
}
