package org.chorus.storage;

import java.util.ArrayList;
import java.util.List;
import org.chorus.xet.ShardCodec;
import org.chorus.xet.XetHash;

/** The Xet MDB shard format (chorus-xet's {@link ShardCodec}, spec: shard.md) over storage's kinds of hash. */
final class ShardFormat {
    /** One file in a shard; {@code verification} holds one hash per term, or is empty. */
    record ShardFile(FileHash hash, List<Term> terms, List<byte[]> verification, Sha256 sha256) {}

    /** One xorb in a shard's CAS section: chunk hashes and raw sizes. */
    record ShardXorb(XorbHash hash, List<ChunkHash> chunks, int[] rawSizes, int serializedSize) {}

    record Shard(List<ShardFile> files, List<ShardXorb> xorbs) {}

    private ShardFormat() {}

    static byte[] write(List<ShardFile> files, List<ShardXorb> xorbs, boolean withFooter) {
        return write(files, xorbs, withFooter, new byte[32]);
    }

    /** A shard with a footer whose chunk hashes are keyed with {@code chunkHmacKey}. */
    static byte[] write(List<ShardFile> files, List<ShardXorb> xorbs, byte[] chunkHmacKey) {
        return write(files, xorbs, true, chunkHmacKey);
    }

    private static byte[] write(List<ShardFile> files, List<ShardXorb> xorbs, boolean withFooter, byte[] chunkHmacKey) {
        List<ShardCodec.FileInfo> fileInfos = new ArrayList<>(files.size());
        for (ShardFile f : files) {
            List<ShardCodec.Term> terms = new ArrayList<>(f.terms().size());
            for (Term t : f.terms()) {
                terms.add(new ShardCodec.Term(XetHashing.xet(t.xorb()), t.chunkStart(), t.chunkEnd(), t.rawBytes()));
            }
            fileInfos.add(new ShardCodec.FileInfo(XetHashing.xet(f.hash()), terms, f.verification(),
                    f.sha256() == null ? null : f.sha256().bytes()));
        }
        List<ShardCodec.CasInfo> casInfos = new ArrayList<>(xorbs.size());
        for (ShardXorb x : xorbs) {
            casInfos.add(new ShardCodec.CasInfo(XetHashing.xet(x.hash()),
                    x.chunks().stream().map(XetHashing::xet).toList(), x.rawSizes(), x.serializedSize()));
        }
        return ShardCodec.write(fileInfos, casInfos, withFooter, chunkHmacKey);
    }

    /** Reads a shard; a malformed one is refused as corrupt data named {@code what}. */
    static Shard read(byte[] data, String what) {
        ShardCodec.Shard shard;
        try {
            shard = ShardCodec.read(data);
        } catch (IllegalArgumentException e) {
            throw ChunkCodec.corrupt(what, e.getMessage());
        }
        List<ShardFile> files = new ArrayList<>(shard.files().size());
        for (ShardCodec.FileInfo f : shard.files()) {
            List<Term> terms = new ArrayList<>(f.terms().size());
            for (ShardCodec.Term t : f.terms()) {
                terms.add(new Term(XorbHash.of(t.xorb().bytes()), t.start(), t.end(), t.rawBytes()));
            }
            files.add(new ShardFile(FileHash.of(f.hash().bytes()), terms, f.verification(),
                    f.sha256() == null ? null : Sha256.of(f.sha256())));
        }
        List<ShardXorb> xorbs = new ArrayList<>(shard.xorbs().size());
        for (ShardCodec.CasInfo x : shard.xorbs()) {
            List<ChunkHash> chunks = new ArrayList<>(x.chunks().size());
            for (XetHash c : x.chunks()) {
                chunks.add(ChunkHash.of(c.bytes()));
            }
            xorbs.add(new ShardXorb(XorbHash.of(x.hash().bytes()), chunks, x.rawSizes(), x.serializedSize()));
        }
        return new Shard(files, xorbs);
    }
}
