package org.chorus.client;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The Xet MDB shard format (spec: shard.md), version 2 header: what the SDK uploads (file infos with verification
 * hashes and the SHA-256 extension, then the CAS infos of the xorbs it sent) and reads (the server's answer to a
 * deduplication query: one xorb's chunk hashes, keyed with the footer's HMAC key).
 */
final class XetShards {
    private static final byte[] TAG = {'H', 'F', 'R', 'e', 'p', 'o', 'M', 'e', 't', 'a', 'D', 'a', 't', 'a', 0, 85, 105, 103,
        69, 106, 123, (byte) 129, 87, (byte) 131, (byte) 165, (byte) 189, (byte) 217, 92, (byte) 205, (byte) 209, 74,
        (byte) 169};
    private static final int FLAG_VERIFICATION = 0x80000000;
    private static final int FLAG_METADATA = 0x40000000;
    private static final int ENTRY = 48;
    private static final int FOOTER = 200;
    /** Where the chunk HMAC key sits in the footer: after the version, two section offsets and three lookup tables. */
    private static final int FOOTER_HMAC_KEY = 72;

    /** One term of a file: chunks {@code [start, end)} of a xorb, their raw size and verification hash. */
    record Term(XetHash xorb, int start, int end, long rawBytes, byte[] verification) {}

    /** A file to register: its Xet hash, its terms and its SHA-256 (the git-lfs oid). */
    record FileInfo(XetHash hash, List<Term> terms, byte[] sha256) {}

    /** A xorb this upload sent: chunk hashes, raw sizes and its serialized size. */
    record CasInfo(XetHash hash, List<XetHash> chunks, int[] rawSizes, int serializedSize) {}

    /** What a deduplication answer says about one xorb: keyed chunk hashes, and the key (all zeros: not keyed). */
    record DedupXorb(XetHash hash, List<XetHash> keyedChunks, byte[] hmacKey) {}

    private XetShards() {}

    /** An upload shard, without footer (the server indexes what it accepts itself). */
    static byte[] write(List<FileInfo> files, List<CasInfo> xorbs) {
        int size = ENTRY;
        for (FileInfo f : files) {
            size += ENTRY * (1 + 2 * f.terms().size() + 1);
        }
        size += ENTRY;
        for (CasInfo x : xorbs) {
            size += ENTRY * (1 + x.chunks().size());
        }
        size += ENTRY;
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.put(TAG).putLong(2).putLong(0);
        for (FileInfo f : files) {
            f.hash().copyTo(b.array(), b.position());
            b.position(b.position() + 32).putInt(FLAG_VERIFICATION | FLAG_METADATA).putInt(f.terms().size()).putLong(0);
            for (Term t : f.terms()) {
                put(b, t.xorb()).putInt(0).putInt((int) t.rawBytes()).putInt(t.start()).putInt(t.end());
            }
            for (Term t : f.terms()) {
                b.put(t.verification()).put(new byte[16]);
            }
            b.put(xetOrder(f.sha256())).put(new byte[16]);
        }
        bookend(b);
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
        bookend(b);
        return b.array();
    }

    /** The xorbs of a deduplication answer; a malformed answer is refused, never half-read. */
    static List<DedupXorb> readDedup(byte[] data) {
        try {
            ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
            byte[] tag = new byte[32];
            b.get(tag);
            long version = b.getLong();
            long footer = b.getLong();
            if (!java.util.Arrays.equals(tag, TAG) || version != 2 || (footer != 0 && footer != FOOTER)) {
                throw new ChorusClientException(0, null, "the server's deduplication answer is not a version 2 Xet shard");
            }
            byte[] key = new byte[32];
            if (footer == FOOTER) {
                System.arraycopy(data, data.length - FOOTER + FOOTER_HMAC_KEY, key, 0, 32);
            }
            byte[] h = new byte[32];
            while (true) {
                b.get(h);
                b.getInt();
                b.getInt();
                b.getLong();
                if (isBookend(h)) {
                    break;
                }
                throw new ChorusClientException(0, null, "the server's deduplication answer holds file entries");
            }
            List<DedupXorb> xorbs = new ArrayList<>();
            while (true) {
                b.get(h);
                b.getInt();
                int n = b.getInt();
                b.getInt();
                b.getInt();
                if (isBookend(h)) {
                    return xorbs;
                }
                if (n < 0 || (long) n * ENTRY > b.remaining()) {
                    throw new ChorusClientException(0, null, "the server's deduplication answer is truncated");
                }
                XetHash xorb = new XetHash(h.clone());
                List<XetHash> chunks = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    byte[] c = new byte[32];
                    b.get(c);
                    b.getInt();
                    b.getInt();
                    b.getLong();
                    chunks.add(new XetHash(c));
                }
                xorbs.add(new DedupXorb(xorb, chunks, key));
            }
        } catch (BufferUnderflowException e) {
            throw new ChorusClientException(0, null, "the server's deduplication answer is truncated");
        }
    }

    private static ByteBuffer put(ByteBuffer b, XetHash h) {
        h.copyTo(b.array(), b.position());
        return b.position(b.position() + 32);
    }

    private static void bookend(ByteBuffer b) {
        for (int i = 0; i < 32; i++) {
            b.put((byte) 0xFF);
        }
        b.put(new byte[16]);
    }

    private static boolean isBookend(byte[] h) {
        for (byte x : h) {
            if (x != (byte) 0xFF) {
                return false;
            }
        }
        return true;
    }

    /**
     * The SHA-256 extension holds the digest as a Xet hash whose printed form is the plain hex oid, as the official
     * clients write it: the bytes of each 8-byte word reversed.
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
}
