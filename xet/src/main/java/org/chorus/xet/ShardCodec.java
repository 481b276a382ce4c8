package org.chorus.xet;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Xet MDB shard format (spec: shard.md), version 2 header / version 1 footer: file infos (terms, optional
 * verification hashes, optional SHA-256) then CAS infos (xorb chunk lists), each section closed by a bookend. The
 * footer carries the key that chunk hashes in a deduplication answer are keyed with.
 */
public final class ShardCodec {
    static final byte[] TAG = {'H', 'F', 'R', 'e', 'p', 'o', 'M', 'e', 't', 'a', 'D', 'a', 't', 'a', 0, 85, 105, 103,
        69, 106, 123, (byte) 129, 87, (byte) 131, (byte) 165, (byte) 189, (byte) 217, 92, (byte) 205, (byte) 209, 74,
        (byte) 169};
    private static final int FLAG_VERIFICATION = 0x80000000;
    private static final int FLAG_METADATA = 0x40000000;
    private static final int ENTRY = 48;
    private static final int FOOTER = 200;
    /** Where the chunk HMAC key sits in the footer: after the version, two section offsets and three lookup tables. */
    private static final int FOOTER_HMAC_KEY = 72;
    private static final byte[] BOOKEND = bookend();

    /** Chunks {@code [start, end)} of a xorb, and their raw size. */
    public record Term(XetHash xorb, int start, int end, long rawBytes) {}

    /** One file: its terms, one verification hash per term or none, and its SHA-256 digest or null. */
    public record FileInfo(XetHash hash, List<Term> terms, List<byte[]> verification, byte[] sha256) {}

    /** One xorb: its chunk hashes, their raw sizes and the xorb's serialized size. */
    public record CasInfo(XetHash hash, List<XetHash> chunks, int[] rawSizes, int serializedSize) {}

    /** A shard read back; {@code chunkHmacKey} is all zeros when it has no footer (chunk hashes not keyed). */
    public record Shard(List<FileInfo> files, List<CasInfo> xorbs, byte[] chunkHmacKey) {}

    private ShardCodec() {}

    /** A shard, with a footer whose chunk hashes are keyed with {@code chunkHmacKey} (all zeros: not keyed) or without. */
    public static byte[] write(List<FileInfo> files, List<CasInfo> xorbs, boolean withFooter, byte[] chunkHmacKey) {
        int size = ENTRY;
        for (FileInfo f : files) {
            size += ENTRY * (1 + f.terms().size() * (f.verification().isEmpty() ? 1 : 2) + (f.sha256() == null ? 0 : 1));
        }
        size += ENTRY;
        for (CasInfo x : xorbs) {
            size += ENTRY * (1 + x.chunks().size());
        }
        size += ENTRY + (withFooter ? FOOTER : 0);
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.put(TAG).putLong(2).putLong(withFooter ? FOOTER : 0);
        long fileInfoOffset = b.position();
        for (FileInfo f : files) {
            int flags = (f.verification().isEmpty() ? 0 : FLAG_VERIFICATION) | (f.sha256() == null ? 0 : FLAG_METADATA);
            put(b, f.hash()).putInt(flags).putInt(f.terms().size()).putLong(0);
            for (Term t : f.terms()) {
                put(b, t.xorb()).putInt(0).putInt((int) t.rawBytes()).putInt(t.start()).putInt(t.end());
            }
            for (byte[] v : f.verification()) {
                b.put(v).put(new byte[16]);
            }
            if (f.sha256() != null) {
                b.put(xetOrder(f.sha256())).put(new byte[16]);
            }
        }
        b.put(BOOKEND);
        long casInfoOffset = b.position();
        for (CasInfo x : xorbs) {
            long total = 0;
            for (int s : x.rawSizes()) {
                total += s;
            }
            put(b, x.hash()).putInt(0).putInt(x.chunks().size()).putInt((int) total).putInt(x.serializedSize());
            int offset = 0;
            for (int i = 0; i < x.chunks().size(); i++) {
                put(b, x.chunks().get(i)).putInt(offset).putInt(x.rawSizes()[i]).putLong(0);
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

    /**
     * Reads a whole shard; a malformed one is refused, never half-read.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static Shard read(byte[] data) {
        try {
            ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
            byte[] tag = new byte[32];
            b.get(tag);
            long version = b.getLong();
            long footerSize = b.getLong();
            if (!Arrays.equals(tag, TAG) || version != 2 || (footerSize != 0 && footerSize != FOOTER)) {
                throw new IllegalArgumentException("not a version 2 Xet shard");
            }
            List<FileInfo> files = new ArrayList<>();
            byte[] h = new byte[32];
            while (true) {
                b.get(h);
                int flags = b.getInt();
                int n = b.getInt();
                b.getLong();
                if (isBookend(h)) {
                    break;
                }
                checkCount(n, b);
                List<Term> terms = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    XetHash x = hash(b);
                    b.getInt();
                    long raw = Integer.toUnsignedLong(b.getInt());
                    terms.add(new Term(x, b.getInt(), b.getInt(), raw));
                }
                List<byte[]> verification = new ArrayList<>();
                if ((flags & FLAG_VERIFICATION) != 0) {
                    for (int i = 0; i < n; i++) {
                        byte[] v = new byte[32];
                        b.get(v);
                        skip(b, 16);
                        verification.add(v);
                    }
                }
                byte[] sha = null;
                if ((flags & FLAG_METADATA) != 0) {
                    byte[] s = new byte[32];
                    b.get(s);
                    skip(b, 16);
                    sha = xetOrder(s);
                }
                files.add(new FileInfo(new XetHash(h.clone()), terms, verification, sha));
            }
            List<CasInfo> xorbs = new ArrayList<>();
            while (true) {
                b.get(h);
                b.getInt();
                int n = b.getInt();
                b.getInt();
                int onDisk = b.getInt();
                if (isBookend(h)) {
                    break;
                }
                checkCount(n, b);
                List<XetHash> chunks = new ArrayList<>(n);
                int[] raws = new int[n];
                for (int i = 0; i < n; i++) {
                    chunks.add(hash(b));
                    b.getInt();
                    raws[i] = b.getInt();
                    b.getLong();
                }
                xorbs.add(new CasInfo(new XetHash(h.clone()), chunks, raws, onDisk));
            }
            byte[] key = new byte[32];
            if (footerSize == FOOTER) {
                System.arraycopy(data, data.length - FOOTER + FOOTER_HMAC_KEY, key, 0, 32);
            }
            return new Shard(files, xorbs, key);
        } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("truncated shard", e);
        }
    }

    private static ByteBuffer put(ByteBuffer b, XetHash h) {
        h.copyTo(b.array(), b.position());
        return b.position(b.position() + 32);
    }

    private static void skip(ByteBuffer b, int n) {
        if (b.remaining() < n) {
            throw new BufferUnderflowException();
        }
        b.position(b.position() + n);
    }

    private static XetHash hash(ByteBuffer b) {
        byte[] h = new byte[32];
        b.get(h);
        return new XetHash(h);
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

    private static void checkCount(int n, ByteBuffer b) {
        if (n < 0 || (long) n * ENTRY > b.remaining()) {
            throw new IllegalArgumentException("shard entry count " + Integer.toUnsignedString(n) + " exceeds its size");
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
