package org.chorus.storage;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.xet.Blake3;

/** The Xet CAS-level operations: client-built xorbs and shards in, reconstructions out. */
final class CasOperations {
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();
    private final DefaultChunkStore store;

    CasOperations(DefaultChunkStore store) {
        this.store = store;
    }

    /**
     * Streams a client's xorb through a draft, keeping only chunks not stored yet (whatever a client sends, a chunk
     * is stored once). All new: the xorb is published as sent. Some or none new: the new chunks become a xorb of
     * their own and the client's xorb an alias naming where each of its chunks lives.
     */
    boolean putXorb(XorbHash claimed, XorbHash previous, InputStream serialized) {
        String name = DefaultChunkStore.xorbName(claimed);
        store.loadIndex();
        // The file's SHA-256 grows as its xorbs arrive in order, so its shard need not read it back (ArrivalDigests).
        ArrivalDigests.Arrival arrival = store.arrivals.start(claimed, previous).orElse(null);
        try (Draft draft = store.objects.draft()) {
            List<ChunkHash> fresh = new ArrayList<>();
            List<Integer> freshRaw = new ArrayList<>();
            List<Integer> freshStart = new ArrayList<>();
            java.util.Set<ChunkHash> seen = new java.util.HashSet<>();
            XorbParser.ChunkSink keepNew = (hash, bytes, length, raw, rawOffset, rawSize) -> {
                if (arrival != null) {
                    arrival.update(raw, rawOffset, rawSize);
                }
                if (seen.add(hash) && store.findChunk(hash).isEmpty()) {
                    freshStart.add((int) draft.size());
                    fresh.add(hash);
                    freshRaw.add(rawSize);
                    draft.write(bytes, 0, length);
                }
            };
            XorbLayout layout;
            try {
                layout = XorbParser.parse(serialized, StorageConfig.XET_MAX_XORB_BYTES, keepNew, "xorb " + claimed);
            } catch (ChorusException e) {
                throw e.code() == ErrorCode.DATA_CORRUPTED ? ChorusException.invalid(e.getMessage()) : e;
            } catch (IOException e) {
                throw ChorusException.invalid("reading xorb " + claimed + " failed: " + e.getMessage());
            }
            if (!layout.hash.equals(claimed)) {
                throw ChorusException.invalid("xorb body hashes to " + layout.hash + ", not " + claimed);
            }
            if (arrival != null) {
                arrival.done();
            }
            store.gcLock.readLock().lock();
            try {
                String alias = DefaultChunkStore.aliasName(claimed);
                if (store.objects.exists(name)) {
                    store.objects.put(DefaultChunkStore.touchName(claimed), new byte[0]);
                    return false;
                }
                boolean known = store.objects.exists(alias);
                if (!known && fresh.size() == layout.chunkCount()) {
                    draft.publish(name);
                    store.objects.put(DefaultChunkStore.indexName(claimed), layout.encode());
                    store.register(layout);
                    return true;
                }
                if (!fresh.isEmpty()) {
                    XorbLayout own = XorbLayout.of(fresh, freshRaw, freshStart, (int) draft.size());
                    String ownName = DefaultChunkStore.xorbName(own.hash);
                    if (!store.objects.exists(ownName)) {
                        draft.publish(ownName);
                        store.objects.put(DefaultChunkStore.indexName(own.hash), own.encode());
                    }
                    store.register(own);
                }
                List<XorbAlias.Place> places = new ArrayList<>(layout.chunkCount());
                java.util.Set<XorbHash> used = new java.util.LinkedHashSet<>();
                for (int i = 0; i < layout.chunkCount(); i++) {
                    ChunkLocation at = store.findChunk(layout.chunk(i)).orElseThrow(
                            () -> new ChorusException(ErrorCode.CONFLICT, "a chunk of xorb " + claimed + " was collected during the upload; retry"));
                    places.add(new XorbAlias.Place(layout.chunk(i), layout.rawSize(i), at.xorb(), at.chunkIndex()));
                    used.add(at.xorb());
                }
                // The xorbs it points into get fresh marks, so gc spares them until the shard comes; (re)writing the
                // alias makes it young again too.
                for (XorbHash h : used) {
                    store.objects.put(DefaultChunkStore.touchName(h), new byte[0]);
                }
                store.objects.put(alias, new XorbAlias(claimed, places).encode());
                return !known;
            } finally {
                store.gcLock.readLock().unlock();
            }
        } finally {
            if (arrival != null) {
                // A no-op once done: a xorb refused records nothing, and one waiting for it stops waiting.
                arrival.abandon();
            }
        }
    }

    /** Registers a shard's files; {@code scope} (may be null) names whose announced terms may give their SHA-256. */
    List<FileRecord> putShard(byte[] bytes, long maxFileBytes, String scope) {
        ShardFormat.Shard shard;
        try {
            shard = ShardFormat.read(bytes, "shard");
        } catch (ChorusException e) {
            throw ChorusException.invalid(e.getMessage());
        }
        store.gcLock.readLock().lock();
        try {
            List<FileRecord> records = new ArrayList<>();
            for (ShardFormat.ShardFile f : shard.files()) {
                requireAtMost(f, maxFileBytes);
            }
            for (ShardFormat.ShardFile f : shard.files()) {
                records.add(check(f, scope));
            }
            // Everything checked: touch the xorbs (gc, in any process, spares them), then publish the files.
            // Once per xorb, not per term: a second version alternates between old and new xorbs. The marks need not
            // be durable: the file records published next (durably) name the same xorbs, and a crash that loses a
            // mark before its file is out loses an upload that had not succeeded.
            java.util.Set<XorbHash> xorbs = new java.util.LinkedHashSet<>();
            for (FileRecord r : records) {
                for (Term t : r.terms()) {
                    xorbs.add(t.xorb());
                }
            }
            for (XorbHash h : xorbs) {
                store.objects.mark(DefaultChunkStore.touchName(h));
            }
            for (int i = 0; i < records.size(); i++) {
                FileRecord r = records.get(i);
                var file = new ShardFormat.ShardFile(r.hash(), r.terms(), List.of(), r.sha256());
                store.objects.put(DefaultChunkStore.fileName(r.hash()), ShardFormat.write(List.of(file), List.of(), true));
            }
            return records;
        } finally {
            store.gcLock.readLock().unlock();
        }
    }

    /** The declared term sizes: {@link #check} holds each to its xorb, so their sum is the size of any file accepted. */
    private static void requireAtMost(ShardFormat.ShardFile f, long maxFileBytes) {
        long size = 0;
        for (Term t : f.terms()) {
            size = addTermSize("file " + f.hash(), t, size, maxFileBytes);
        }
    }

    /** {@code size} plus term {@code t}'s declared size, refused when negative or beyond {@code maxFileBytes}. */
    static long addTermSize(String file, Term t, long size, long maxFileBytes) {
        if (t.rawBytes() < 0) {
            throw ChorusException.invalid(file + " declares a negative term size");
        }
        if (t.rawBytes() > maxFileBytes - size) {
            throw new ChorusException(ErrorCode.PAYLOAD_TOO_LARGE, file + " is larger than this server's limit of "
                    + maxFileBytes + " bytes per file");
        }
        return size + t.rawBytes();
    }

    /** A xorb a shard names: stored as sent, or an alias whose chunks live in other xorbs. */
    private record Named(XorbLayout layout, XorbAlias alias) {
        List<Term> stored(Term t) {
            return alias == null ? List.of(t) : alias.terms(t.chunkStart(), t.chunkEnd());
        }
    }

    private Named named(String file, XorbHash xorb) {
        try {
            return new Named(store.layout(xorb), null);
        } catch (ChorusException e) {
            String alias = DefaultChunkStore.aliasName(xorb);
            if (e.code() == ErrorCode.NOT_FOUND && store.objects.exists(alias)) {
                XorbAlias a = XorbAlias.decode(xorb, store.objects.get(alias), alias);
                return new Named(a.hashesOnly(), a);
            }
            throw ChorusException.invalid(file + " references xorb " + xorb + " which is not stored");
        }
    }

    /**
     * Term {@code i} of {@code file} checked: its xorb stored, its chunk range inside it, its declared size and (when
     * given) its verification hash right. What the xorb is: stored as sent, or an alias.
     */
    private Named checkTerm(String file, int i, Term t, byte[] verification) {
        Named named = named(file, t.xorb());
        XorbLayout layout = named.layout();
        if (t.chunkStart() < 0 || t.chunkEnd() <= t.chunkStart() || t.chunkEnd() > layout.chunkCount()) {
            throw ChorusException.invalid(file + " term " + i + " has chunk range [" + t.chunkStart()
                    + ", " + t.chunkEnd() + ") outside xorb " + t.xorb());
        }
        if (layout.rawBytes(t.chunkStart(), t.chunkEnd()) != t.rawBytes()) {
            throw ChorusException.invalid(file + " term " + i + " declares a wrong size");
        }
        if (verification != null && !Arrays.equals(verification,
                XetHashing.verificationHash(layout.chunkHashes(t.chunkStart(), t.chunkEnd())))) {
            throw ChorusException.invalid(file + " term " + i + " fails its verification hash");
        }
        return named;
    }

    private FileRecord check(ShardFormat.ShardFile f, String scope) {
        MerkleBuilder merkle = new MerkleBuilder();
        long size = 0;
        List<Term> stored = new ArrayList<>();
        // The client's xorbs, when the file is each of them whole, in order: see ArrivalDigests.
        List<XorbHash> sent = new ArrayList<>();
        boolean whole = true;
        for (int i = 0; i < f.terms().size(); i++) {
            Term t = f.terms().get(i);
            Named named = checkTerm("file " + f.hash(), i, t, f.verification().isEmpty() ? null : f.verification().get(i));
            XorbLayout layout = named.layout();
            whole &= t.chunkStart() == 0 && t.chunkEnd() == layout.chunkCount();
            sent.add(t.xorb());
            for (int c = t.chunkStart(); c < t.chunkEnd(); c++) {
                merkle.add(layout.chunk(c), layout.rawSize(c));
            }
            size += t.rawBytes();
            // What is stored: the terms over xorbs that hold the bytes (an alias's chunks live elsewhere).
            for (Term s : named.stored(t)) {
                Term last = stored.isEmpty() ? null : stored.getLast();
                if (last != null && last.xorb().equals(s.xorb()) && last.chunkEnd() == s.chunkStart()) {
                    stored.set(stored.size() - 1, new Term(s.xorb(), last.chunkStart(), s.chunkEnd(), last.rawBytes() + s.rawBytes()));
                } else {
                    stored.add(s);
                }
            }
        }
        FileHash actual = XetHashing.fileHash(size == 0, merkle.root());
        if (!actual.equals(f.hash())) {
            throw ChorusException.invalid("file " + f.hash() + " is made of chunks that hash to " + actual);
        }
        // The SHA-256 is the git-lfs oid the hub maps to this file: never take a client's word for it. Either it was
        // computed here as the file's xorbs arrived or as its client announced these very terms, or the file is read back.
        Optional<Sha256> early = whole ? store.arrivals.digest(sent) : Optional.empty();
        if (early.isEmpty()) {
            early = store.announced.take(scope, f.terms());
        }
        Sha256 sha = early.isPresent() ? early.get() : sha256Of(stored);
        if (f.sha256() != null && !f.sha256().equals(sha)) {
            throw ChorusException.invalid("file " + f.hash() + " claims SHA-256 " + f.sha256().hex() + " but its bytes hash to " + sha.hex());
        }
        return new FileRecord(f.hash(), sha, size, stored);
    }

    /**
     * The file's SHA-256, by reading its stored chunks back one at a time without hashing them with BLAKE3 again:
     * every chunk was verified when its xorb arrived ({@link #putXorb}, or the ingest that cut it), and re-verifying
     * them here was 40% of a new upload's server CPU and most of a second version's. A chunk that rotted on disk
     * since is found by reads (which verify) and by fsck; here it could only make the sum differ from the client's.
     */
    private Sha256 sha256Of(List<Term> stored) {
        MessageDigest md = Ingester.sha256();
        StoredHasher hasher = new StoredHasher();
        for (Term t : stored) {
            hasher.add(md, t);
        }
        return Sha256.of(md.digest());
    }

    /**
     * Adds stored terms' raw bytes to a SHA-256, reusing its buffers from term to term (a file has hundreds of terms;
     * a buffer per term was 128 KiB of garbage each).
     */
    private final class StoredHasher {
        private byte[] stored = new byte[ChunkCodec.HEADER + (1 << 17)];
        private byte[] raw = new byte[0];

        /** Adds the raw bytes of {@code t}, a term over a xorb stored as such (not an alias), to {@code md}. */
        void add(MessageDigest md, Term t) {
            XorbLayout layout = store.layout(t.xorb());
            String name = DefaultChunkStore.xorbName(t.xorb());
            try (InputStream in = store.objects.openRange(name, layout.start(t.chunkStart()), layout.start(t.chunkEnd()))) {
                for (int i = t.chunkStart(); i < t.chunkEnd(); i++) {
                    int len = layout.start(i + 1) - layout.start(i);
                    int size = layout.rawSize(i);
                    if (stored.length < len) {
                        stored = new byte[len];
                    }
                    if (in.readNBytes(stored, 0, len) < len) {
                        throw ChunkCodec.corrupt(name, "shorter than its index says");
                    }
                    if (len == ChunkCodec.HEADER + size && stored[0] == 0 && stored[4] == ChunkCodec.NONE) {
                        md.update(stored, ChunkCodec.HEADER, size);
                        continue;
                    }
                    if (raw.length != size) {
                        // Exactly the raw size: LZ4 then decodes in place.
                        raw = new byte[size];
                    }
                    if (ChunkCodec.decode(stored, 0, len, raw, 0, name) != size) {
                        throw ChunkCodec.corrupt(name, "chunk " + i + " is not as its index says");
                    }
                    md.update(raw, 0, size);
                }
            } catch (IOException e) {
                throw new ChorusException(ErrorCode.INTERNAL, "reading xorb " + t.xorb() + " failed", e);
            }
        }
    }

    /**
     * Terms of a file being uploaded, announced by its client ahead of the shard: each checked as a shard's term is
     * (its verification hash required), then its stored bytes hashed into the file's SHA-256 (AnnouncedDigests).
     */
    void announce(String scope, String upload, int from, List<Term> terms, List<byte[]> verification, long maxFileBytes) {
        if (terms.isEmpty() || verification.size() != terms.size()) {
            throw ChorusException.invalid("an announcement needs at least one term and one verification hash per term");
        }
        StoredHasher hasher = new StoredHasher();
        store.gcLock.readLock().lock();
        try {
            store.announced.extend(scope, upload, from, terms, maxFileBytes, (md, i, t) -> {
                Named named = checkTerm("announced upload " + upload, i, t, verification.get(i - from));
                for (Term s : named.stored(t)) {
                    hasher.add(md, s);
                }
            });
        } finally {
            store.gcLock.readLock().unlock();
        }
    }

    /**
     * A shard with no files and one CAS entry: every chunk of the xorb, for a client's deduplication query. Chunk
     * hashes are keyed (BLAKE3 with a fresh random key, named in the footer as Xet's chunk HMAC key), so a client can
     * recognise only chunks whose hashes it already knows and learns nothing about the others.
     */
    byte[] dedupShard(XorbHash xorb) {
        XorbLayout layout = store.layout(xorb);
        int n = layout.chunkCount();
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        Blake3 hmac = new Blake3(key);
        int[] raws = new int[n];
        List<ChunkHash> keyed = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            raws[i] = layout.rawSize(i);
            byte[] h = layout.chunk(i).bytes();
            keyed.add(ChunkHash.of(hmac.hash(h, 0, h.length)));
        }
        var entry = new ShardFormat.ShardXorb(xorb, keyed, raws, layout.start(n));
        return ShardFormat.write(List.of(), List.of(entry), key);
    }

    Reconstruction reconstruct(FileRecord r, long start, long end) {
        RangePlan plan = RangePlan.of(store, r, start, end);
        List<Reconstruction.Fetch> out = new ArrayList<>();
        for (RangePlan.Span s : plan.spans()) {
            XorbLayout l = s.layout();
            out.add(new Reconstruction.Fetch(l.hash, s.from(), s.to(), s.rawBytes(), l.start(s.from()), l.start(s.to())));
        }
        return new Reconstruction(r.hash(), start, end, plan.offsetIntoFirst(), out);
    }
}
