package org.chorus.storage;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.xet.Chunker;

/**
 * One ingest. The calling thread reads, feeds SHA-256 and finds chunk boundaries; workers hash and compress chunks
 * in parallel; results are consumed in order, deduplicated and packed into xorbs, which the writer thread stores
 * while the next fills. Xorbs are written to drafts (temporary files) as they fill, so memory is bounded by the read
 * buffer, the in-flight window and the chunk lists of three xorbs, whatever the file's size.
 */
final class Ingester {
    private static final int BLOCK = 4 * 1024 * 1024;
    private static final int WINDOW = 64;
    private static final int MAX_XORB_CHUNKS = 8 * 1024;

    private final DefaultChunkStore store;
    private final ArrayDeque<Future<EncodedChunk>> inFlight = new ArrayDeque<>();
    private final List<Future<XorbHash>> writes = new ArrayList<>();
    private final List<PendingTerm> terms = new ArrayList<>();
    private final Set<XorbHash> reused = new HashSet<>();
    private final MerkleBuilder merkle = new MerkleBuilder();
    private XorbBuilder xorb;
    private int sealed;
    private long size;

    /** A term whose xorb may still be filling: {@code xorb} is a hash, or the builder's sequence number. */
    private static final class PendingTerm {
        final Object xorb;
        final int start;
        int end;
        long raw;

        PendingTerm(Object xorb, int start, long raw) {
            this.xorb = xorb;
            this.start = start;
            this.end = start + 1;
            this.raw = raw;
        }
    }

    Ingester(DefaultChunkStore store) {
        this.store = store;
        this.xorb = new XorbBuilder(0, store.config.maxXorbBytes(), store.objects);
    }

    FileRecord run(InputStream in) {
        store.loadIndex();
        MessageDigest sha = sha256();
        Chunker chunker = new Chunker(store.config.targetChunkSize());
        byte[] buf = new byte[BLOCK + chunker.max];
        int filled = 0;
        int chunkStart = 0;
        try {
            while (true) {
                if (filled == buf.length) {
                    // The pending chunk is shorter than the maximum, so moving it to the front frees a block.
                    System.arraycopy(buf, chunkStart, buf, 0, filled - chunkStart);
                    filled -= chunkStart;
                    chunkStart = 0;
                }
                int scanFrom = chunkStart + chunker.pending();
                int n = in.read(buf, filled, buf.length - filled);
                if (n < 0) {
                    break;
                }
                sha.update(buf, filled, n);
                filled += n;
                int at = scanFrom;
                while (at < filled) {
                    int cut = chunker.next(buf, at, filled);
                    if (cut < 0) {
                        break;
                    }
                    submit(buf, chunkStart, cut);
                    chunkStart = cut;
                    at = cut;
                }
            }
            if (filled > chunkStart) {
                submit(buf, chunkStart, filled);
            }
            while (!inFlight.isEmpty()) {
                consume(await(inFlight.poll()));
            }
            seal();
            List<XorbHash> hashes = new ArrayList<>();
            for (Future<XorbHash> w : writes) {
                hashes.add(await(w));
            }
            return publish(hashes, Sha256.of(sha.digest()));
        } catch (IOException e) {
            throw new ChorusException(ErrorCode.INVALID_ARGUMENT, "reading the upload failed: " + e.getMessage(), e);
        } finally {
            inFlight.forEach(f -> f.cancel(true));
            // A failed ingest leaves no temporary behind (a sealed xorb's draft is closed by its write).
            xorb.close();
        }
    }

    private void submit(byte[] buf, int from, int to) {
        byte[] chunk = java.util.Arrays.copyOfRange(buf, from, to);
        StorageConfig.Compression compression = store.config.compression();
        inFlight.add(store.workers.submit(() -> EncodedChunk.encode(chunk, compression)));
        while (inFlight.size() > WINDOW) {
            consume(await(inFlight.poll()));
        }
    }

    private void consume(EncodedChunk c) {
        merkle.add(c.hash(), c.rawSize());
        size += c.rawSize();
        int inCurrent = xorb.indexOf(c.hash());
        if (inCurrent >= 0) {
            addTerm(xorb.sequence, inCurrent, c.rawSize());
            return;
        }
        ChunkLocation known = store.findChunk(c.hash()).orElse(null);
        if (known != null) {
            reused.add(known.xorb());
            addTerm(known.xorb(), known.chunkIndex(), c.rawSize());
            return;
        }
        if (!xorb.fits(c) || xorb.chunkCount() == MAX_XORB_CHUNKS) {
            seal();
        }
        addTerm(xorb.sequence, xorb.add(c), c.rawSize());
    }

    private void addTerm(Object xorbRef, int chunk, long raw) {
        PendingTerm last = terms.isEmpty() ? null : terms.getLast();
        if (last != null && last.xorb.equals(xorbRef) && last.end == chunk) {
            last.end++;
            last.raw += raw;
        } else {
            terms.add(new PendingTerm(xorbRef, chunk, raw));
        }
    }

    private void seal() {
        if (xorb.chunkCount() == 0) {
            return;
        }
        XorbBuilder full = xorb;
        xorb = new XorbBuilder(++sealed, store.config.maxXorbBytes(), store.objects);
        // At most two xorbs wait for the disk, which bounds memory.
        if (writes.size() >= 2) {
            await(writes.get(writes.size() - 2));
        }
        writes.add(store.writer.submit(() -> write(full)));
    }

    private XorbHash write(XorbBuilder full) {
        XorbLayout layout;
        try (full) {
            layout = full.store();
        }
        store.objects.put(DefaultChunkStore.indexName(layout.hash), layout.encode());
        store.register(layout);
        return layout.hash;
    }

    private FileRecord publish(List<XorbHash> sealedHashes, Sha256 sha) {
        // A reused xorb gets a fresh mark so that gc, which spares marked xorbs, cannot remove it under us.
        for (XorbHash h : reused) {
            store.objects.put(DefaultChunkStore.touchName(h), new byte[0]);
            if (!store.objects.exists(DefaultChunkStore.xorbName(h))) {
                store.forget(h);
                throw new ChorusException(ErrorCode.CONFLICT, "xorb " + h + " was collected during the upload; retry");
            }
        }
        List<Term> out = new ArrayList<>(terms.size());
        for (PendingTerm t : terms) {
            XorbHash h = t.xorb instanceof XorbHash x ? x : sealedHashes.get((Integer) t.xorb);
            out.add(new Term(h, t.start, t.end, t.raw));
        }
        byte[] root = merkle.root();
        FileHash hash = XetHashing.fileHash(size == 0, root);
        // Written even when the file is already stored: the fresh timestamp keeps gc from removing it before the
        // caller (the hub, tracking) has registered it as a root.
        var file = new ShardFormat.ShardFile(hash, out, List.of(), sha);
        store.objects.put(DefaultChunkStore.fileName(hash), ShardFormat.write(List.of(file), List.of(), true));
        return new FileRecord(hash, sha, size, out);
    }

    static <T> T await(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChorusException(ErrorCode.UNAVAILABLE, "interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ChorusException c) {
                throw c;
            }
            throw new ChorusException(ErrorCode.INTERNAL, "storage worker failed: " + e.getCause(), e.getCause());
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** A copy of a SHA-256 state, to finish or extend while the original stays as it is. */
    static MessageDigest copy(MessageDigest sha256) {
        try {
            return (MessageDigest) sha256.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's SHA-256 can be cloned", e);
        }
    }
}
