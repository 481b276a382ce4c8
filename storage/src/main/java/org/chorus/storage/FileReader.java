package org.chorus.storage;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Streams bytes {@code [start, end)} of a file, every chunk verified. As a stream: work is cut into batches of whole
 * chunks (1 MiB); workers fetch, decompress and verify the next batches while the caller consumes the current one.
 * As a {@link ChannelTransfer} from a store that keeps xorbs as local files: each xorb run is memory-mapped, chunks
 * this process has already verified ({@link VerifiedChunks}) and stored raw go to the channel straight from the page
 * cache (as file regions the server sends with sendfile, see {@link FileRegionChannel}), the others are decoded and
 * hashed first; a file in the {@link FileCache} goes out as regions of its cached copy.
 */
final class FileReader extends InputStream implements ChannelTransfer {
    /** A download holds at most AHEAD + 1 batches (raw and stored bytes): about 6 MiB, whatever the file's size. */
    private static final int BATCH_BYTES = 1024 * 1024;
    private static final int AHEAD = 2;
    /**
     * Raw chunks are 8 bytes apart in a xorb, so each would be its own write; gathered into one off-heap buffer they
     * go out in a few large writes (one memory copy, far cheaper than a server write call per 64 KiB chunk).
     */
    private static final int GATHER_BYTES = 2 * 1024 * 1024;

    private record Batch(XorbHash xorb, int chunkStart, int chunkEnd, long rawBytes) {}

    /** A cached file goes out in regions of this size: one server write (and a few sendfile calls) each. */
    private static final long REGION_BYTES = 8 << 20;

    private final DefaultChunkStore store;
    private final FileRecord file;
    private final long start;
    private final RangePlan plan;
    /** Read as a stream: every span's batches, decoded ahead by the workers. */
    private final FetchAhead<byte[]> stream;
    private byte[] current = new byte[0];
    private int pos;
    private long skip;
    private long remaining;
    /** While sending a mapped span: where chunk bytes collect before a write. */
    private ByteBuffer gather;

    FileReader(DefaultChunkStore store, FileRecord file, long start, long end) {
        this.store = store;
        this.file = file;
        this.start = start;
        this.remaining = end - start;
        this.plan = RangePlan.of(store, file, start, end);
        this.skip = plan.offsetIntoFirst();
        this.stream = new FetchAhead<>(store.workers, AHEAD, plan.spans().stream().flatMap(s -> batches(s).stream()).map(this::decoding).iterator());
    }

    /** A span cut into batches of whole chunks, so workers can decode ahead in parallel. */
    private static java.util.List<Batch> batches(RangePlan.Span span) {
        java.util.List<Batch> out = new java.util.ArrayList<>();
        XorbLayout layout = span.layout();
        for (int from = span.from(); from < span.to(); ) {
            int to = from;
            long bytes = 0;
            while (to < span.to() && (bytes == 0 || bytes < BATCH_BYTES)) {
                bytes += layout.rawSize(to++);
            }
            out.add(new Batch(layout.hash, from, to, bytes));
            from = to;
        }
        return out;
    }

    /** A task that fetches, decodes and verifies the batch. */
    private Callable<byte[]> decoding(Batch b) {
        return () -> decode(b);
    }

    private byte[] decode(Batch b) {
        XorbLayout layout = store.layout(b.xorb());
        String name = DefaultChunkStore.xorbName(b.xorb());
        int base = layout.start(b.chunkStart());
        byte[] bytes = store.objects.getRange(name, base, layout.start(b.chunkEnd()));
        byte[] out = new byte[Math.toIntExact(b.rawBytes())];
        int o = 0;
        for (int i = b.chunkStart(); i < b.chunkEnd(); i++) {
            o += decodeChunk(layout, i, bytes, layout.start(i) - base, out, o, name);
        }
        return out;
    }

    /** Decodes chunk {@code i} from {@code stored[p...]} into {@code out[o...]} and checks its hash. */
    private static int decodeChunk(XorbLayout layout, int i, byte[] stored, int p, byte[] out, int o, String name) {
        int n = ChunkCodec.decode(stored, p, p + layout.start(i + 1) - layout.start(i), out, o, name);
        if (n != layout.rawSize(i) || !XetHashing.chunkHash(out, o, n).equals(layout.chunk(i))) {
            throw ChunkCodec.corrupt(name, "chunk " + i + " does not match its hash");
        }
        return n;
    }

    private boolean advance() {
        while (pos == current.length) {
            if (remaining == 0 || !stream.hasNext()) {
                return false;
            }
            current = stream.next();
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
    public long transferTo(WritableByteChannel out) throws IOException {
        long before = remaining;
        if (stream.started()) {
            // Already read as a stream: go on that way.
            byte[] buf = new byte[1 << 16];
            for (int n; (n = read(buf, 0, buf.length)) > 0; ) {
                write(ByteBuffer.wrap(buf, 0, n), out);
            }
            return before;
        }
        boolean cacheable = out instanceof FileRegionChannel && store.fileCache.isPresent();
        if (cacheable && sentCached(store.fileCache.get(), out)) {
            return before;
        }
        boolean wholeFile = start == 0 && remaining == file.size();
        for (RangePlan.Span span : plan.spans()) {
            if (remaining == 0) {
                break;
            }
            XorbLayout layout = span.layout();
            Optional<Path> local = store.localXorb(layout, layout.start(span.to()) - layout.start(span.from()));
            if (local.isEmpty() || !sentMapped(span, local.get(), out)) {
                sendFetched(span, out);
            }
        }
        if (cacheable && wholeFile) {
            // Only once the whole file went out: a client that hangs up after the first byte cannot make the node
            // read and write a file it did not take (ranged reads alone, such as header probes, fill nothing either).
            store.fileCache.get().build(store, file);
        }
        return before - remaining;
    }

    /**
     * Sends a span read from the store (no local file): the workers fetch, decode and verify its next batches while
     * this thread sends the current one, as the stream path does (one batch at a time, the fetch's latency, the hashing
     * and the send added up: 90–120 MB/s from S3 here).
     */
    private void sendFetched(RangePlan.Span span, WritableByteChannel out) throws IOException {
        try (FetchAhead<byte[]> batches = new FetchAhead<>(store.workers, AHEAD, batches(span).stream().map(this::decoding).iterator())) {
            while (remaining > 0 && batches.hasNext()) {
                send(ByteBuffer.wrap(batches.next()), out);
            }
        }
    }

    /** Sends the range from the file cache if it holds this file (a whole-file download builds the entry, see above). */
    private boolean sentCached(FileCache cache, WritableByteChannel out) throws IOException {
        String key = FileCache.fileKey(file.hash());
        Optional<FileCache.Entry> entry = cache.get(key);
        if (entry.isEmpty()) {
            return false;
        }
        try (FileChannel ch = FileChannel.open(entry.get().path(), StandardOpenOption.READ); Arena arena = Arena.ofShared()) {
            if (ch.size() != file.size()) {
                cache.drop(key);
                return false;
            }
            MemorySegment mapped = ch.map(FileChannel.MapMode.READ_ONLY, start, remaining, arena);
            for (long at = 0; at < remaining; at += REGION_BYTES) {
                long n = Math.min(REGION_BYTES, remaining - at);
                FileRegionChannel.send(mapped.asSlice(at, n).asByteBuffer(), ch, start + at, out);
            }
        } catch (java.nio.file.NoSuchFileException e) {
            // Dropped since it was looked up: the chunks serve this one.
            cache.drop(key);
            return false;
        }
        remaining = 0;
        return true;
    }

    /**
     * Sends the span from the xorb's local file; false, with nothing sent, when that file is a cached copy that went
     * away before it was opened (the caller reads the span from the store).
     */
    private boolean sentMapped(RangePlan.Span span, Path file, WritableByteChannel out) throws IOException {
        XorbLayout layout = span.layout();
        String name = DefaultChunkStore.xorbName(layout.hash);
        long base = layout.start(span.from());
        long length = layout.start(span.to()) - base;
        // Shared: the server may finish writing a buffer on another thread than the one that mapped it.
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ); Arena arena = Arena.ofShared()) {
            VerifiedChunks.Marks marks = store.verified.of(layout.hash, Files.readAttributes(file, BasicFileAttributes.class));
            if (ch.size() < base + length) {
                throw ChunkCodec.corrupt(name, "shorter than its index says");
            }
            ByteBuffer mapped = ch.map(FileChannel.MapMode.READ_ONLY, base, length, arena).asByteBuffer();
            gather = arena.allocate(Math.min(GATHER_BYTES, length)).asByteBuffer();
            byte[] stored = new byte[0];
            byte[] raw = new byte[0];
            for (int i = span.from(); i < span.to() && remaining > 0; i++) {
                int p = (int) (layout.start(i) - base);
                int len = layout.start(i + 1) - layout.start(i);
                int rawSize = layout.rawSize(i);
                boolean storedRaw = len == ChunkCodec.HEADER + rawSize && mapped.get(p + 4) == ChunkCodec.NONE;
                if (storedRaw && marks.good(i)) {
                    ByteBuffer part = clip(mapped.slice(p + ChunkCodec.HEADER, rawSize));
                    if (part != null) {
                        // Chunks written before this one must reach the socket first.
                        flush(out);
                        FileRegionChannel.send(part, ch, base + p + ChunkCodec.HEADER + part.position(), out);
                    }
                    continue;
                }
                if (stored.length < len) {
                    stored = new byte[len];
                }
                if (raw.length != rawSize) {
                    raw = new byte[rawSize];
                }
                mapped.get(p, stored, 0, len);
                if (marks.good(i)) {
                    ChunkCodec.decode(stored, 0, len, raw, 0, name);
                } else {
                    decodeChunk(layout, i, stored, 0, raw, 0, name);
                    marks.markGood(i);
                }
                send(ByteBuffer.wrap(raw, 0, rawSize), out);
            }
            flush(out);
            return true;
        } catch (java.nio.file.NoSuchFileException e) {
            if (store.isCopy(layout.hash)) {
                return false;
            }
            throw org.chorus.core.ChorusException.notFound("no object " + name);
        } catch (org.chorus.core.ChorusException e) {
            store.dropCopy(layout.hash);
            throw e;
        } finally {
            gather = null;
        }
    }

    private void flush(WritableByteChannel out) throws IOException {
        if (gather.position() == 0) {
            return;
        }
        gather.flip();
        write(gather, out);
        gather.clear();
    }

    /**
     * What of {@code b} lies in the requested range (the leading skip dropped, cut at the remaining length), counted as
     * sent; null when none of it does.
     */
    private ByteBuffer clip(ByteBuffer b) {
        int n = b.remaining();
        if (skip >= n) {
            skip -= n;
            return null;
        }
        b.position(b.position() + (int) skip);
        skip = 0;
        if (b.remaining() > remaining) {
            b.limit(b.position() + (int) remaining);
        }
        remaining -= b.remaining();
        return b;
    }

    /** Writes what of {@code b} lies in the requested range. */
    private void send(ByteBuffer b, WritableByteChannel out) throws IOException {
        if (clip(b) == null) {
            return;
        }
        if (gather == null) {
            write(b, out);
            return;
        }
        while (b.hasRemaining()) {
            if (!gather.hasRemaining()) {
                flush(out);
            }
            int k = Math.min(b.remaining(), gather.remaining());
            gather.put(gather.position(), b, b.position(), k);
            gather.position(gather.position() + k);
            b.position(b.position() + k);
        }
    }

    private static void write(ByteBuffer b, WritableByteChannel out) throws IOException {
        while (b.hasRemaining()) {
            out.write(b);
        }
    }

    @Override
    public void close() {
        stream.close();
        remaining = 0;
    }
}
