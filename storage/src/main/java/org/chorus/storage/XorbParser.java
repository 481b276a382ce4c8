package org.chorus.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;

/**
 * Reads a serialized xorb as a stream, decompresses every chunk and recomputes every hash, so a xorb is only accepted
 * (or passes fsck) when its name is the Merkle root of what it really holds. One chunk is in memory at a time. xet-core
 * clients append a footer starting with {@code XETBLOB}; it repeats what the chunks say, so we stop there and keep
 * only the chunk section.
 */
final class XorbParser {
    private static final byte[] FOOTER_IDENT = "XETBLOB".getBytes(StandardCharsets.US_ASCII);
    /**
     * Xet's limit of chunks per xorb. Unchecked, a 64 MiB body of 8-byte empty chunk headers named ~8 million chunks:
     * an alias nine times the body on disk and millions of index entries from one request.
     */
    static final int MAX_CHUNKS = 8192;

    private XorbParser() {}

    /**
     * Sees each chunk as it is verified: its hash, serialized bytes {@code serialized[0, length)} and raw bytes
     * {@code raw[rawOffset, rawOffset + rawSize)} (inside {@code serialized} for a chunk stored as is).
     */
    interface ChunkSink {
        void accept(ChunkHash hash, byte[] serialized, int length, byte[] raw, int rawOffset, int rawSize);
    }

    /**
     * The verified layout of the chunks {@code in} holds (at most {@code maxBytes} of them); each chunk, as read and
     * verified, is also handed to {@code sink} when it is not null. Bad bytes are DATA_CORRUPTED naming {@code what}.
     */
    static XorbLayout parse(InputStream in, long maxBytes, ChunkSink sink, String what) throws IOException {
        List<ChunkHash> hashes = new ArrayList<>();
        List<Integer> raws = new ArrayList<>();
        List<Integer> starts = new ArrayList<>();
        byte[] chunk = new byte[ChunkCodec.HEADER + (1 << 17)];
        byte[] raw = new byte[0];
        long p = 0;
        while (true) {
            int n = in.readNBytes(chunk, 0, ChunkCodec.HEADER);
            if (n == 0 || (n >= FOOTER_IDENT.length && Arrays.equals(chunk, 0, FOOTER_IDENT.length, FOOTER_IDENT, 0, FOOTER_IDENT.length))) {
                break;
            }
            if (n < ChunkCodec.HEADER) {
                throw ChunkCodec.corrupt(what, "truncated chunk header at byte " + p);
            }
            int c = ChunkCodec.compressedSize(chunk, 0);
            int size = ChunkCodec.rawSize(chunk, 0);
            if (size == 0) {
                // the chunker never cuts one, and an empty file has no xorb
                throw ChunkCodec.corrupt(what, "empty chunk at byte " + p);
            }
            if (hashes.size() == MAX_CHUNKS) {
                throw ChunkCodec.corrupt(what, "more than " + MAX_CHUNKS + " chunks");
            }
            if (p + ChunkCodec.HEADER + c > maxBytes) {
                throw new ChorusException(ErrorCode.PAYLOAD_TOO_LARGE, what + ": a xorb holds at most " + maxBytes + " bytes");
            }
            if (chunk.length < ChunkCodec.HEADER + c) {
                chunk = Arrays.copyOf(chunk, ChunkCodec.HEADER + c);
            }
            if (in.readNBytes(chunk, ChunkCodec.HEADER, c) < c) {
                throw ChunkCodec.corrupt(what, "chunk at byte " + p + " runs past the end");
            }
            ChunkHash hash;
            boolean asIs = chunk[0] == 0 && chunk[4] == ChunkCodec.NONE && c == size;
            if (asIs) {
                // Stored as is (every chunk the SDK sends, and most of the official clients'): hashed where it lies,
                // without a copy.
                hash = XetHashing.chunkHash(chunk, ChunkCodec.HEADER, size);
            } else {
                if (raw.length != size) {
                    // Exactly the raw size: LZ4 then decodes in place.
                    raw = new byte[size];
                }
                ChunkCodec.decode(chunk, 0, ChunkCodec.HEADER + c, raw, 0, what);
                hash = XetHashing.chunkHash(raw, 0, size);
            }
            starts.add((int) p);
            raws.add(size);
            hashes.add(hash);
            if (sink != null) {
                sink.accept(hash, chunk, ChunkCodec.HEADER + c, asIs ? chunk : raw, asIs ? ChunkCodec.HEADER : 0, size);
            }
            p += ChunkCodec.HEADER + c;
        }
        if (hashes.isEmpty()) {
            throw ChunkCodec.corrupt(what, "xorb holds no chunks");
        }
        return XorbLayout.of(hashes, raws, starts, (int) p);
    }
}
