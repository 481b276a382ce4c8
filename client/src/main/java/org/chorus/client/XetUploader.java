package org.chorus.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.chorus.xet.Blake3;
import org.chorus.xet.Chunker;
import org.chorus.xet.Hashing;
import org.chorus.xet.ShardCodec;
import org.chorus.xet.XetHash;

/**
 * Uploads files over Xet in one pass over each file: the file is mapped, a reader thread copies 4 MiB blocks of it
 * to a SHA-256 thread (the git-lfs oid) and to the calling thread, which cuts chunks and has their BLAKE3 hashes
 * computed on a pool. In file order, each chunk is then looked up among the chunks this upload has already packed
 * and the xorbs the server named in earlier deduplication answers; a chunk found nowhere is asked about now and then
 * ({@link #worthAsking}). New chunks go into xorbs of up to 64 MiB, sent from the file's mapped pages (no copy, no
 * memory of their own) while reading goes on (two in flight at most); a shard registering the files closes the
 * upload. See docs/design-notes.md, "The SDK's Xet upload".
 */
final class XetUploader implements AutoCloseable {
    static final int MAX_XORB_BYTES = 64 << 20;
    static final int MAX_XORB_CHUNKS = 8192;
    private static final int CHUNK_HEADER = 8;
    private static final int BLOCK = 4 << 20;
    private static final int BLOCKS_AHEAD = 3;
    /** Blocks the chunker keeps while their chunks wait for hashes: beyond this it waits for the oldest. */
    private static final int BLOCKS_HELD = 4;
    /**
     * Read blocks in circulation: those queued for SHA-256 and for the chunker, the one each is on, those the
     * chunker holds, and one the reader fills. Allocated once per upload and reused: a fresh 8 MiB array per block
     * cost zeroing and a page fault per 4 KiB of every GiB read, a quarter of the client's CPU (design notes).
     */
    private static final int BLOCKS = 2 * BLOCKS_AHEAD + BLOCKS_HELD + 3;
    private static final long QUERY_EVERY = 64;
    private static final long QUERY_EVERY_UNMATCHED = 1024;
    private static final int CHUNKS_AHEAD = 512;
    private static final int XORBS_IN_FLIGHT = 2;
    /** A file being announced seals its xorb when a run of new chunks ends, once the xorb holds this much. */
    private static final int SEAL_AFTER_RUN = 8 << 20;
    private static final Block END = new Block(new byte[0]);

    /**
     * A read block, shared by the SHA-256 thread and the chunker (whose chunks are slices of it until they are
     * packed); back in the pool once both are done with it.
     */
    private static final class Block {
        final byte[] data;
        int length;
        final java.util.concurrent.atomic.AtomicInteger users = new java.util.concurrent.atomic.AtomicInteger();

        Block(byte[] data) {
            this.data = data;
        }
    }

    /**
     * A file this upload has sent: what the shard will register (its terms name xorbs that may still be packing, so
     * they are read in {@link #finish}) and its SHA-256 in hex (the git-lfs oid): hashed here when asked for, else
     * known once {@link #finish} has the server's answer.
     */
    static final class Uploaded {
        private final Path file;
        private final XetHash hash;
        private final byte[] digest;
        private final List<TermBuilder> terms;
        /** Done once every term of the file is announced (null: none were, the file matched nothing stored). */
        private final Future<?> announced;
        private String sha256;

        private Uploaded(Path file, XetHash hash, byte[] digest, List<TermBuilder> terms, Future<?> announced) {
            this.file = file;
            this.hash = hash;
            this.digest = digest;
            this.terms = terms;
            this.announced = announced;
            this.sha256 = digest == null ? null : Hashes.hex(digest);
        }

        /** The SHA-256 in hex; for a file not hashed here, only after {@link #finish}. */
        String sha256() {
            if (sha256 == null) {
                throw new IllegalStateException("the SHA-256 of " + file + " comes with the shard's answer");
            }
            return sha256;
        }
    }

    /**
     * A xorb: one this upload packs (hash known once sealed), or one the server holds. Its body is a header and a
     * slice of the mapped file per chunk: nothing is copied until the kernel copies it into the socket.
     */
    private static final class Xorb {
        XetHash hash;
        /** Done once the server has it: at once for a xorb the server named, on its upload's answer for ours. */
        final CompletableFuture<Void> stored = new CompletableFuture<>();
        final List<XetHash> hashes = new ArrayList<>();
        final List<Integer> sizes = new ArrayList<>();
        List<ByteBuffer> body = new ArrayList<>();
        int bytes;

        boolean fits(int len) {
            return hashes.size() < MAX_XORB_CHUNKS && bytes + CHUNK_HEADER + len <= MAX_XORB_BYTES;
        }

        /** Appends a chunk: header (version 0, compressed size u24, scheme 0 = stored as is, raw size u24), bytes. */
        void add(XetHash hash, ByteBuffer chunk) {
            int len = chunk.remaining();
            byte[] header = new byte[CHUNK_HEADER];
            writeU24(header, 1, len);
            writeU24(header, 5, len);
            body.add(ByteBuffer.wrap(header));
            body.add(chunk);
            bytes += CHUNK_HEADER + len;
            hashes.add(hash);
            sizes.add(len);
        }
    }

    /**
     * A file mapped read-only in windows that overlap by the largest chunk, so any chunk lies within one window (a
     * mapping holds at most 2 GiB). The file's pages are in the page cache anyway: reading them into blocks is one
     * copy instead of a read's two, and xorbs are sent from them without memory of their own (on the VM measured,
     * the first touch of fresh memory cost more than copying into it).
     */
    private static final class Mapped {
        static final long STEP = 1L << 30;
        private final List<MappedByteBuffer> windows = new ArrayList<>();

        Mapped(FileChannel channel, long size, int maxChunk) throws IOException {
            for (long at = 0; at < size; at += STEP) {
                windows.add(channel.map(FileChannel.MapMode.READ_ONLY, at, Math.min(size - at, STEP + maxChunk)));
            }
        }

        /** The bytes {@code [at, at+len)}, which must not cross a multiple of {@link #STEP} by more than a chunk. */
        ByteBuffer slice(long at, int len) {
            return windows.get((int) (at / STEP)).slice((int) (at % STEP), len);
        }
    }

    private record ChunkRef(Xorb xorb, int index) {}

    /** One deduplication answer's chunks, looked up by hashing ours with the answer's key. */
    private record KeyedIndex(Blake3 keyed, Map<XetHash, ChunkRef> chunks) {}

    private final XetCas cas;
    private final ProgressListener progress;
    private final TransferTally tally;
    private final ExecutorService hashers;
    private final ExecutorService io = Executors.newCachedThreadPool(daemon("chorus-xet-io"));
    private final Map<XetHash, ChunkRef> packed = new HashMap<>();
    private final List<KeyedIndex> answers = new ArrayList<>();
    private final Map<XetHash, Xorb> serverXorbs = new HashMap<>();
    private final Set<XetHash> asked = new HashSet<>();
    private final Deque<Future<?>> inFlight = new ArrayDeque<>();
    private final List<ShardCodec.CasInfo> sealed = new ArrayList<>();
    /** Read blocks not in use, allocated as first needed. */
    private final BlockingQueue<Block> freeBlocks = new ArrayBlockingQueue<>(BLOCKS);
    private int blocksAllocated;
    private Xorb current = new Xorb();
    /** The server's answer about the chunk at the head of the file's pending chunks, while it is awaited. */
    private CompletableFuture<ShardCodec.Shard> asking;
    /** The xorb sealed last, named to the server with the next one (see {@link XetCas#putXorb}). */
    private XetHash lastSealed;

    XetUploader(XetCas cas, ProgressListener progress, TransferTally tally) {
        this.cas = cas;
        this.progress = progress;
        this.tally = tally;
        // Every core: chunk hashes (BLAKE3) are most of an upload's CPU, and the chunking and SHA-256 threads need
        // little of theirs (design notes, "The SDK's Xet upload").
        int threads = Runtime.getRuntime().availableProcessors();
        this.hashers = Executors.newFixedThreadPool(threads, daemon("chorus-xet-hash"));
    }

    /**
     * Chunks, deduplicates and sends {@code file}; the shard that registers it goes out in {@link #finish}. With
     * {@code sha256Here} its SHA-256 is computed in the same pass (needed before the shard, e.g. to see that a file
     * is unchanged); without, the server's answer to the shard names it, which spares the client a hash pass over
     * every byte (the server hashes them anyway).
     */
    Uploaded add(String path, Path file, boolean sha256Here) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            // Mappings outlive the channel: xorbs are sent from them after this returns.
            Mapped mapped = new Mapped(channel, size, new Chunker(Chunker.XET_TARGET).max);
            BlockingQueue<Block> toSha = sha256Here ? new ArrayBlockingQueue<>(BLOCKS_AHEAD) : null;
            BlockingQueue<Block> toChunker = new ArrayBlockingQueue<>(BLOCKS_AHEAD);
            Future<?> reader = io.submit(() -> read(mapped, size, toSha, toChunker));
            Future<byte[]> sha = sha256Here ? io.submit(() -> sha256(toSha)) : null;
            FileState state = new FileState(path, size, mapped);
            try {
                chunk(toChunker, reader, state);
            } catch (ExecutionException e) {
                throw readFailed(e.getCause(), path, file, size);
            }
            byte[] digest = sha == null ? null : sha.get();
            Future<?> announced = state.announcer == null ? null : state.announcer.end(state.terms.get(state.terms.size() - 1));
            return new Uploaded(file, Hashing.fileHash(state.merkle.root(), size == 0), digest, state.terms, announced);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChorusClientException("interrupted while uploading " + path, e);
        } catch (ExecutionException e) {
            throw rethrow(e.getCause(), path);
        }
    }

    /**
     * Sends the last xorb, waits for every xorb to arrive, then registers {@code files} with one shard; files not
     * hashed here get the SHA-256 the server answers (or, from a server that names none, one computed here).
     */
    void finish(List<Uploaded> files) {
        if (files.isEmpty()) {
            return;
        }
        seal();
        while (!inFlight.isEmpty()) {
            await(inFlight.poll());
        }
        for (Uploaded u : files) {
            if (u.announced != null) {
                await(u.announced);
            }
        }
        List<ShardCodec.FileInfo> infos = new ArrayList<>();
        for (Uploaded u : files) {
            List<ShardCodec.Term> terms = new ArrayList<>(u.terms.size());
            List<byte[]> verification = new ArrayList<>(u.terms.size());
            for (TermBuilder t : u.terms) {
                terms.add(t.term());
                verification.add(t.verification());
            }
            infos.add(new ShardCodec.FileInfo(u.hash, terms, verification, u.digest));
        }
        // No footer: the server indexes what it accepts itself.
        byte[] shard = ShardCodec.write(infos, sealed, false, new byte[32]);
        Map<String, String> sha256ByHash = cas.putShard(shard);
        tally.sent.addAndGet(shard.length);
        for (Uploaded u : files) {
            if (u.sha256 == null) {
                String answered = sha256ByHash.get(u.hash.hex());
                u.sha256 = answered != null ? answered : Hashes.sha256(u.file, n -> { });
            }
        }
    }

    @Override
    public void close() {
        io.shutdownNow();
        hashers.shutdownNow();
    }

    /** Copies the file into blocks, all full but the last: a chunk's place in the file follows from its block's. */
    private Void read(Mapped mapped, long size, BlockingQueue<Block> toSha, BlockingQueue<Block> toChunker) throws InterruptedException {
        try {
            for (long at = 0; at < size; at += BLOCK) {
                Block block = freeBlock();
                block.length = (int) Math.min(BLOCK, size - at);
                mapped.slice(at, block.length).get(block.data, 0, block.length);
                block.users.set(toSha == null ? 1 : 2);
                if (toSha != null) {
                    toSha.put(block);
                }
                toChunker.put(block);
            }
            return null;
        } finally {
            if (toSha != null) {
                toSha.put(END);
            }
            toChunker.put(END);
        }
    }

    /** A block from the pool; a new one while fewer than {@link #BLOCKS} exist (a small file needs one or two). */
    private Block freeBlock() throws InterruptedException {
        Block b = freeBlocks.poll();
        if (b != null) {
            return b;
        }
        synchronized (freeBlocks) {
            if (blocksAllocated < BLOCKS) {
                blocksAllocated++;
                return new Block(new byte[BLOCK]);
            }
        }
        return freeBlocks.take();
    }

    private void release(Block b) {
        if (b.users.decrementAndGet() == 0) {
            freeBlocks.add(b);
        }
    }

    private byte[] sha256(BlockingQueue<Block> blocks) throws InterruptedException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
        for (Block b; (b = blocks.take()) != END; ) {
            md.update(b.data, 0, b.length);
            release(b);
        }
        return md.digest();
    }

    /**
     * A chunk, {@code buf[off, off+len)} (a slice of read block number {@code block}, or a copy of one that spanned
     * two blocks and ended in that one), at {@code at} in the file, whose hash is being computed.
     */
    private record Pending(byte[] buf, int off, int len, long block, long at, CompletableFuture<XetHash> hash) {}

    /**
     * Cuts, hashes and places the chunks of the blocks {@code reader} sends; a failed read fails this before the
     * chunks cut so far are placed (their xorbs would be sent from pages that may be gone).
     */
    private void chunk(BlockingQueue<Block> blocks, Future<?> reader, FileState state) throws InterruptedException, ExecutionException {
        Chunker chunker = new Chunker(Chunker.XET_TARGET);
        byte[] carry = new byte[chunker.max];
        int carried = 0;
        Deque<Pending> pending = new ArrayDeque<>();
        // Blocks whose chunks may still be pending, oldest first, numbered from firstHeld.
        Deque<Block> held = new ArrayDeque<>();
        long firstHeld = 0;
        long seq = 0;
        for (Block b; (b = blocks.take()) != END; seq++) {
            byte[] block = b.data;
            held.add(b);
            int pos = 0;
            while (pos < b.length) {
                int end = chunker.next(block, pos, b.length);
                if (end < 0) {
                    System.arraycopy(block, pos, carry, carried, b.length - pos);
                    carried += b.length - pos;
                    break;
                }
                long chunkEnd = seq * BLOCK + end;
                if (carried == 0) {
                    pending.add(hashLater(block, pos, end - pos, seq, chunkEnd));
                } else {
                    // The chunk began in the previous block.
                    byte[] data = new byte[carried + end - pos];
                    System.arraycopy(carry, 0, data, 0, carried);
                    System.arraycopy(block, pos, data, carried, end - pos);
                    carried = 0;
                    pending.add(hashLater(data, 0, data.length, seq, chunkEnd));
                }
                pos = end;
            }
            drain(pending, state, CHUNKS_AHEAD);
            while (held.size() > BLOCKS_HELD) {
                // Waits for the oldest block's chunks, so the reader always has a block to fill.
                drainBefore(pending, state, firstHeld + 1);
                release(held.poll());
                firstHeld++;
            }
            for (long oldest = pending.isEmpty() ? seq + 1 : pending.peek().block(); firstHeld < oldest; firstHeld++) {
                release(held.poll());
            }
        }
        reader.get();
        if (carried > 0) {
            pending.add(hashLater(carry, 0, carried, seq, state.size));
        }
        drain(pending, state, 0);
        held.forEach(this::release);
    }

    private Pending hashLater(byte[] buf, int off, int len, long block, long end) {
        return new Pending(buf, off, len, block, end - len, CompletableFuture.supplyAsync(() -> Hashing.chunkHash(buf, off, len), hashers));
    }

    /**
     * Places chunks in file order: every finished one at the head, and any beyond {@code keep} waiting (for its hash
     * and for the server's answer about it); stops at a head whose answer is not in yet otherwise, so the caller cuts
     * and hashes the next block meanwhile.
     */
    private void drain(Deque<Pending> pending, FileState state, int keep) {
        while (!pending.isEmpty() && (pending.size() > keep || pending.peek().hash().isDone())) {
            if (!placeHead(pending, state, pending.size() > keep)) {
                return;
            }
        }
    }

    /** Places, waiting for their hashes and answers, the chunks that end in blocks numbered below {@code block}. */
    private void drainBefore(Deque<Pending> pending, FileState state, long block) {
        while (!pending.isEmpty() && pending.peek().block() < block) {
            placeHead(pending, state, true);
        }
    }

    /**
     * Places the chunk at the head of {@code pending}, asking the server about it first where worth it; without
     * {@code wait}, returns false (the chunk stays at the head) while that answer is not in. The same queries as when
     * placing waited: only the chunking goes on meanwhile.
     */
    private boolean placeHead(Deque<Pending> pending, FileState state, boolean wait) {
        Pending chunk = pending.peek();
        XetHash hash = chunk.hash().join();
        ChunkRef ref = find(hash);
        if (ref == null && asking == null && worthAsking(hash, state.missed, state.deduplicated > 0) && asked.add(hash)) {
            asking = CompletableFuture.supplyAsync(() -> cas.dedup(hash), io);
        }
        if (asking != null) {
            if (!wait && !asking.isDone()) {
                return false;
            }
            try {
                learn(asking.join());
            } catch (java.util.concurrent.CompletionException e) {
                throw rethrow(e.getCause(), "a deduplication query");
            } finally {
                asking = null;
            }
            ref = find(hash);
        }
        pending.poll();
        place(chunk, hash, ref, state);
        return true;
    }

    private void place(Pending chunk, XetHash hash, ChunkRef ref, FileState state) {
        if (ref != null && state.missed > 0 && state.announcer != null && current.bytes >= SEAL_AFTER_RUN) {
            // A run of new chunks ended: its xorb goes now rather than once 64 MiB are packed, so the terms after it
            // can be announced (they wait, in file order, for it) while the rest of the file is chunked.
            seal();
        }
        state.missed = ref != null ? 0 : state.missed + 1;
        if (ref != null) {
            tally.deduplicated.addAndGet(chunk.len());
            state.deduplicated += chunk.len();
            progress.deduplicated(state.path, state.deduplicated);
        } else {
            ref = pack(hash, state.mapped.slice(chunk.at(), chunk.len()));
        }
        state.add(ref, hash, chunk.len());
        if (state.announcer == null && state.deduplicated > 0) {
            // A file that has matched nothing is hashed by the server as its xorbs arrive; one that mixes stored
            // and new xorbs gets its terms announced, from the first.
            state.announcer = new Announcer();
            state.terms.subList(0, state.terms.size() - 1).forEach(state.announcer::add);
        }
        progress.progress(state.path, "uploading", state.done, state.size);
    }

    /**
     * Whether to ask the server about a chunk found nowhere, {@code missed} chunks after the last one that was found
     * (or the file's start): right away, then after 1, 2, 4, 8, … misses (a changed region usually ends soon, and an
     * unchanged run resumes in a xorb the server knows), and at hashes that are 0 mod 64 (about every 4 MiB) in a file
     * that has matched before, 0 mod 1024 (64 MiB) in one that has not. A new file of n chunks costs about
     * n/1024 + log2(n) queries (a round trip each: 30 for 1 GiB).
     */
    private static boolean worthAsking(XetHash hash, int missed, boolean matched) {
        return Integer.bitCount(missed) <= 1 || Long.remainderUnsigned(hash.lastWord(), matched ? QUERY_EVERY : QUERY_EVERY_UNMATCHED) == 0;
    }

    private ChunkRef find(XetHash hash) {
        ChunkRef ref = packed.get(hash);
        for (int i = 0; ref == null && i < answers.size(); i++) {
            KeyedIndex a = answers.get(i);
            ref = a.chunks().get(a.keyed() == null ? hash : new XetHash(a.keyed().hash(hash.bytes(), 0, 32)));
        }
        return ref;
    }

    private void learn(ShardCodec.Shard answer) {
        boolean keyed = !Arrays.equals(answer.chunkHmacKey(), new byte[32]);
        for (ShardCodec.CasInfo x : answer.xorbs()) {
            if (serverXorbs.containsKey(x.hash())) {
                continue;
            }
            Xorb xorb = new Xorb();
            xorb.hash = x.hash();
            xorb.stored.complete(null);
            serverXorbs.put(x.hash(), xorb);
            Map<XetHash, ChunkRef> chunks = new HashMap<>();
            for (int i = 0; i < x.chunks().size(); i++) {
                chunks.putIfAbsent(x.chunks().get(i), new ChunkRef(xorb, i));
            }
            answers.add(new KeyedIndex(keyed ? new Blake3(answer.chunkHmacKey()) : null, chunks));
        }
    }

    private ChunkRef pack(XetHash hash, ByteBuffer chunk) {
        if (!current.fits(chunk.remaining())) {
            seal();
        }
        current.add(hash, chunk);
        ChunkRef ref = new ChunkRef(current, current.hashes.size() - 1);
        packed.put(hash, ref);
        return ref;
    }

    /** Names the current xorb by its Merkle root and sends it; waits while too many are on their way. */
    private void seal() {
        Xorb x = current;
        if (x.hashes.isEmpty()) {
            return;
        }
        current = new Xorb();
        int[] sizes = new int[x.hashes.size()];
        Hashing.Merkle merkle = new Hashing.Merkle();
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = x.sizes.get(i);
            merkle.add(x.hashes.get(i), sizes[i]);
        }
        x.hash = merkle.root();
        sealed.add(new ShardCodec.CasInfo(x.hash, List.copyOf(x.hashes), sizes, x.bytes));
        XetHash name = x.hash;
        XetHash previous = lastSealed;
        lastSealed = name;
        List<ByteBuffer> body = x.body;
        int length = x.bytes;
        // The packed xorb stays as a dedup target (its hashes), not its bytes.
        x.body = null;
        inFlight.add(io.submit(() -> {
            try {
                cas.putXorb(name, previous, body);
            } catch (RuntimeException e) {
                x.stored.completeExceptionally(e);
                throw e;
            }
            tally.sent.addAndGet(length);
            x.stored.complete(null);
            return null;
        }));
        while (inFlight.size() > XORBS_IN_FLIGHT) {
            await(inFlight.poll());
        }
    }

    private static void writeU24(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
        b[at + 2] = (byte) (v >>> 16);
    }

    private static void await(Future<?> f) {
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChorusClientException("interrupted while sending a xorb", e);
        } catch (ExecutionException e) {
            throw rethrow(e.getCause(), "a xorb");
        }
    }

    /**
     * Why reading {@code file} failed. Shortened by another process, its mapping faults, and the JVM reports that as
     * an {@link InternalError} ("a fault occurred in an unsafe memory access operation"): say what happened instead.
     */
    private static RuntimeException readFailed(Throwable cause, String path, Path file, long size) {
        long now;
        try {
            now = java.nio.file.Files.size(file);
        } catch (IOException e) {
            now = -1;
        }
        if (now != size) {
            return new ChorusClientException(path + " changed during its upload (" + size + " bytes when it began, "
                    + (now < 0 ? "gone" : now + " bytes") + " now); upload it again once it is complete", cause);
        }
        return rethrow(cause, path);
    }

    private static RuntimeException rethrow(Throwable cause, String what) {
        if (cause instanceof RuntimeException r) {
            return r;
        }
        if (cause instanceof IOException io) {
            return new UncheckedIOException("cannot read " + what, io);
        }
        return new ChorusClientException("uploading " + what + " failed: " + cause, cause);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Announces one file's terms to the server in file order on an io thread, each once its xorb is stored, in
     * batches of those ready, so the server hashes the file's SHA-256 while this client still chunks and the shard
     * needs no read-back ({@link XetCas#announce}). A hint: once the server refuses one (a server without the
     * endpoint answers 404), the rest are dropped and the server reads the file back at the shard, as it would anyway.
     */
    private final class Announcer {
        private static final TermBuilder END_TERM = new TermBuilder(null, 0);
        private final String upload = java.util.UUID.randomUUID().toString();
        private final BlockingQueue<TermBuilder> terms = new java.util.concurrent.LinkedBlockingQueue<>();
        private final Future<?> done = io.submit(this::run);

        /** Queues a term that will not grow any more. */
        void add(TermBuilder t) {
            terms.add(t);
        }

        /** Queues the file's last term; the answer is done once every term went out (or announcing stopped). */
        Future<?> end(TermBuilder last) {
            terms.add(last);
            terms.add(END_TERM);
            return done;
        }

        private Void run() throws InterruptedException {
            List<Map<String, Object>> batch = new ArrayList<>();
            int from = 0;
            boolean stopped = false;
            for (TermBuilder t; (t = terms.take()) != END_TERM; ) {
                if (stopped) {
                    continue;
                }
                try {
                    t.xorb.stored.get();
                } catch (ExecutionException e) {
                    // The xorb's upload failed, and with it the upload: finish() reports that.
                    stopped = true;
                    continue;
                }
                batch.add(t.announced());
                TermBuilder next = terms.peek();
                if (next == null || next == END_TERM || !next.xorb.stored.isDone()) {
                    try {
                        cas.announce(upload, from, batch);
                        from += batch.size();
                    } catch (ChorusClientException e) {
                        stopped = true;
                    }
                    batch = new ArrayList<>();
                }
            }
            return null;
        }
    }

    /** One file's place in the upload: its terms so far, its Merkle tree, and how far it has come. */
    private static final class FileState {
        final String path;
        final long size;
        final Mapped mapped;
        final Hashing.Merkle merkle = new Hashing.Merkle();
        final List<TermBuilder> terms = new ArrayList<>();
        long done;
        long deduplicated;
        /** Chunks since the last one found on the server or in this upload. */
        int missed;
        /** Set once the file has a chunk found on the server or in this upload. */
        Announcer announcer;

        FileState(String path, long size, Mapped mapped) {
            this.path = path;
            this.size = size;
            this.mapped = mapped;
        }

        void add(ChunkRef ref, XetHash hash, int len) {
            TermBuilder last = terms.isEmpty() ? null : terms.get(terms.size() - 1);
            if (last == null || last.xorb != ref.xorb() || last.end != ref.index()) {
                if (last != null && announcer != null) {
                    announcer.add(last);
                }
                last = new TermBuilder(ref.xorb(), ref.index());
                terms.add(last);
            }
            last.end++;
            last.rawBytes += len;
            last.hashes.add(hash);
            merkle.add(hash, len);
            done += len;
        }
    }

    /** A run of consecutive chunks of one xorb; the xorb's hash is read when the shard is written. */
    private static final class TermBuilder {
        final Xorb xorb;
        final int start;
        int end;
        long rawBytes;
        final List<XetHash> hashes = new ArrayList<>();

        TermBuilder(Xorb xorb, int start) {
            this.xorb = xorb;
            this.start = start;
            this.end = start;
        }

        ShardCodec.Term term() {
            return new ShardCodec.Term(xorb.hash, start, end, rawBytes);
        }

        byte[] verification() {
            return Hashing.verificationHash(hashes);
        }

        /** The term as {@link XetCas#announce} sends it; its xorb is stored, so its hash is known. */
        Map<String, Object> announced() {
            return Map.of("xorb", xorb.hash.hex(), "start", start, "end", end, "bytes", rawBytes,
                    "verification", Hashes.hex(verification()));
        }
    }
}
