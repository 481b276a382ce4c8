package org.chorus.storage;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Xet MDB shard format (spec: shard.md), version 2 header / version 1 footer: file infos (terms, optional
 * verification hashes, optional SHA-256) then CAS infos (xorb chunk lists), each section closed by a bookend.
 */
final class ShardFormat {
    static final byte[] TAG = {'H', 'F', 'R', 'e', 'p', 'o', 'M', 'e', 't', 'a', 'D', 'a', 't', 'a', 0, 85, 105, 103,
        69, 106, 123, (byte) 129, 87, (byte) 131, (byte) 165, (byte) 189, (byte) 217, 92, (byte) 205, (byte) 209, 74,
        (byte) 169};
    private static final int FLAG_VERIFICATION = 0x80000000;
    private static final int FLAG_METADATA = 0x40000000;
    private static final int ENTRY = 48;
    private static final int FOOTER = 200;
    private static final byte[] BOOKEND = bookend();

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
        int size = ENTRY;
        for (ShardFile f : files) {
            size += ENTRY * (1 + f.terms().size() * (f.verification().isEmpty() ? 1 : 2) + (f.sha256() == null ? 0 : 1));
        }
        size += ENTRY;
        for (ShardXorb x : xorbs) {
            size += ENTRY * (1 + x.chunks().size());
        }
        size += ENTRY + (withFooter ? FOOTER : 0);
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.put(TAG).putLong(2).putLong(withFooter ? FOOTER : 0);
        long fileInfoOffset = b.position();
        for (ShardFile f : files) {
            int flags = (f.verification().isEmpty() ? 0 : FLAG_VERIFICATION) | (f.sha256() == null ? 0 : FLAG_METADATA);
            b.put(f.hash().bytes()).putInt(flags).putInt(f.terms().size()).putLong(0);
            for (Term t : f.terms()) {
                b.put(t.xorb().bytes()).putInt(0).putInt((int) t.rawBytes()).putInt(t.chunkStart()).putInt(t.chunkEnd());
            }
            for (byte[] v : f.verification()) {
                b.put(v).put(new byte[16]);
            }
            if (f.sha256() != null) {
                b.put(xetOrder(f.sha256().bytes())).put(new byte[16]);
            }
        }
        b.put(BOOKEND);
        long casInfoOffset = b.position();
        for (ShardXorb x : xorbs) {
            long total = 0;
            for (int s : x.rawSizes()) {
                total += s;
            }
            b.put(x.hash().bytes()).putInt(0).putInt(x.chunks().size()).putInt((int) total).putInt(x.serializedSize());
            int offset = 0;
            for (int i = 0; i < x.chunks().size(); i++) {
                b.put(x.chunks().get(i).bytes()).putInt(offset).putInt(x.rawSizes()[i]).putLong(0);
                offset += x.rawSizes()[i];
            }
        }
        b.put(BOOKEND);
        if (withFooter) {
            long footerOffset = b.position();
            // No lookup tables: each is empty and "starts" at the footer (readers scan sections up to these offsets).
            b.putLong(1).putLong(fileInfoOffset).putLong(casInfoOffset);
            b.putLong(footerOffset).putLong(0).putLong(footerOffset).putLong(0).putLong(footerOffset).putLong(0).put(chunkHmacKey);
            b.putLong(System.currentTimeMillis() / 1000).putLong(0).put(new byte[72]).putLong(footerOffset);
        }
        return b.array();
    }

    static Shard read(byte[] data, String what) {
        try {
            ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
            byte[] tag = new byte[32];
            b.get(tag);
            long version = b.getLong();
            long footerSize = b.getLong();
            if (!Arrays.equals(tag, TAG) || version != 2 || (footerSize != 0 && footerSize != FOOTER)) {
                throw ChunkCodec.corrupt(what, "not a version 2 Xet shard");
            }
            List<ShardFile> files = new ArrayList<>();
            byte[] h = new byte[32];
            while (true) {
                b.get(h);
                int flags = b.getInt();
                int n = b.getInt();
                b.getLong();
                if (isBookend(h)) {
                    break;
                }
                checkCount(n, b, what);
                List<Term> terms = new ArrayList<>(n);
                byte[] x = new byte[32];
                for (int i = 0; i < n; i++) {
                    b.get(x);
                    b.getInt();
                    long raw = Integer.toUnsignedLong(b.getInt());
                    terms.add(new Term(XorbHash.of(x), b.getInt(), b.getInt(), raw));
                }
                List<byte[]> verification = new ArrayList<>();
                if ((flags & FLAG_VERIFICATION) != 0) {
                    for (int i = 0; i < n; i++) {
                        byte[] v = new byte[32];
                        b.get(v).position(b.position() + 16);
                        verification.add(v);
                    }
                }
                Sha256 sha = null;
                if ((flags & FLAG_METADATA) != 0) {
                    byte[] s = new byte[32];
                    b.get(s).position(b.position() + 16);
                    sha = Sha256.of(xetOrder(s));
                }
                files.add(new ShardFile(FileHash.of(h), terms, verification, sha));
            }
            List<ShardXorb> xorbs = new ArrayList<>();
            while (true) {
                b.get(h);
                b.getInt();
                int n = b.getInt();
                b.getInt();
                int onDisk = b.getInt();
                if (isBookend(h)) {
                    break;
                }
                checkCount(n, b, what);
                List<ChunkHash> chunks = new ArrayList<>(n);
                int[] raws = new int[n];
                byte[] c = new byte[32];
                for (int i = 0; i < n; i++) {
                    b.get(c);
                    b.getInt();
                    raws[i] = b.getInt();
                    b.getLong();
                    chunks.add(ChunkHash.of(c));
                }
                xorbs.add(new ShardXorb(XorbHash.of(h), chunks, raws, onDisk));
            }
            return new Shard(files, xorbs);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw ChunkCodec.corrupt(what, "truncated shard");
        }
    }

    /**
     * The SHA-256 extension holds the digest as a Xet hash whose printed form (8-byte words little-endian) is the
     * plain hex oid, as the official clients write it: swap the bytes of each 8-byte word (its own inverse).
     */
    private static byte[] xetOrder(byte[] digest) {
        byte[] out = new byte[32];
        for (int w = 0; w < 32; w += 8) {
            for (int i = 0; i < 8; i++) {
                out[w + i] = digest[w + 7 - i];
            }
        }
        return out;
    }

    private static void checkCount(int n, ByteBuffer b, String what) {
        if (n < 0 || (long) n * ENTRY > b.remaining()) {
            throw ChunkCodec.corrupt(what, "shard entry count " + Integer.toUnsignedString(n) + " exceeds its size");
        }
    }

    private static boolean isBookend(byte[] h) {
        for (byte x : h) {
            if (x != (byte) 0xFF) {
                return false;
            }
        }
        return true;
    }

    private static byte[] bookend() {
        byte[] b = new byte[ENTRY];
        Arrays.fill(b, 0, 32, (byte) 0xFF);
        return b;
    }
}
