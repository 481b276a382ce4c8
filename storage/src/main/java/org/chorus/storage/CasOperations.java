package org.chorus.storage;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;

/** The Xet CAS-level operations: client-built xorbs and shards in, reconstructions out. */
final class CasOperations {
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();
    private final DefaultChunkStore store;

    CasOperations(DefaultChunkStore store) {
        this.store = store;
    }

    boolean putXorb(XorbHash claimed, InputStream serialized) {
        String name = DefaultChunkStore.xorbName(claimed);
        // Streamed through a draft (a temporary file on disk): a 64 MiB xorb never sits in memory.
        try (Draft draft = store.objects.draft()) {
            XorbLayout layout;
            try {
                layout = XorbParser.parse(serialized, StorageConfig.XET_MAX_XORB_BYTES, draft, "xorb " + claimed);
            } catch (ChorusException e) {
                throw e.code() == ErrorCode.DATA_CORRUPTED ? ChorusException.invalid(e.getMessage()) : e;
            } catch (IOException e) {
                throw ChorusException.invalid("reading xorb " + claimed + " failed: " + e.getMessage());
            }
            if (!layout.hash.equals(claimed)) {
                throw ChorusException.invalid("xorb body hashes to " + layout.hash + ", not " + claimed);
            }
            store.gcLock.readLock().lock();
            try {
                boolean inserted = !store.objects.exists(name);
                if (inserted) {
                    draft.publish(name);
                    store.objects.put(DefaultChunkStore.indexName(claimed), layout.encode());
                } else {
                    store.objects.put(DefaultChunkStore.touchName(claimed), new byte[0]);
                }
                store.register(layout);
                return inserted;
            } finally {
                store.gcLock.readLock().unlock();
            }
        }
    }

    List<FileRecord> putShard(byte[] bytes, long maxFileBytes) {
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
                records.add(check(f));
            }
            // Everything checked: touch the xorbs (gc spares them), then publish the files.
            for (FileRecord r : records) {
                for (Term t : r.terms()) {
                    store.objects.put(DefaultChunkStore.touchName(t.xorb()), new byte[0]);
                }
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
            if (t.rawBytes() < 0) {
                throw ChorusException.invalid("file " + f.hash() + " declares a negative term size");
            }
            if (t.rawBytes() > maxFileBytes - size) {
                throw new ChorusException(ErrorCode.PAYLOAD_TOO_LARGE, "file " + f.hash() + " is larger than this server's limit of "
                        + maxFileBytes + " bytes per file");
            }
            size += t.rawBytes();
        }
    }

    private FileRecord check(ShardFormat.ShardFile f) {
        MerkleBuilder merkle = new MerkleBuilder();
        long size = 0;
        for (int i = 0; i < f.terms().size(); i++) {
            Term t = f.terms().get(i);
            XorbLayout layout;
            try {
                layout = store.layout(t.xorb());
            } catch (ChorusException e) {
                throw ChorusException.invalid("file " + f.hash() + " references xorb " + t.xorb() + " which is not stored");
            }
            if (t.chunkStart() < 0 || t.chunkEnd() <= t.chunkStart() || t.chunkEnd() > layout.chunkCount()) {
                throw ChorusException.invalid("file " + f.hash() + " term " + i + " has chunk range [" + t.chunkStart()
                        + ", " + t.chunkEnd() + ") outside xorb " + t.xorb());
            }
            if (layout.rawBytes(t.chunkStart(), t.chunkEnd()) != t.rawBytes()) {
                throw ChorusException.invalid("file " + f.hash() + " term " + i + " declares a wrong size");
            }
            if (!f.verification().isEmpty() && !Arrays.equals(f.verification().get(i),
                    XetHashing.verificationHash(layout.chunkHashes(t.chunkStart(), t.chunkEnd())))) {
                throw ChorusException.invalid("file " + f.hash() + " term " + i + " fails its verification hash");
            }
            for (int c = t.chunkStart(); c < t.chunkEnd(); c++) {
                merkle.add(layout.chunk(c), layout.rawSize(c));
            }
            size += t.rawBytes();
        }
        FileHash actual = XetHashing.fileHash(size == 0, merkle.root());
        if (!actual.equals(f.hash())) {
            throw ChorusException.invalid("file " + f.hash() + " is made of chunks that hash to " + actual);
        }
        // The SHA-256 is the git-lfs oid the hub maps to this file: never take a client's word for it.
        Sha256 sha = sha256Of(new FileRecord(f.hash(), null, size, f.terms()));
        if (f.sha256() != null && !f.sha256().equals(sha)) {
            throw ChorusException.invalid("file " + f.hash() + " claims SHA-256 " + f.sha256().hex() + " but its bytes hash to " + sha.hex());
        }
        return new FileRecord(f.hash(), sha, size, f.terms());
    }

    /** The file's SHA-256, by reading it back (verifying every chunk). */
    private Sha256 sha256Of(FileRecord r) {
        MessageDigest md = Ingester.sha256();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = new FileReader(store, r, 0, r.size())) {
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        } catch (IOException e) {
            throw new ChorusException(ErrorCode.INTERNAL, "reading " + r.hash() + " failed", e);
        }
        return Sha256.of(md.digest());
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
