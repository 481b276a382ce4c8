package org.chorus.storage;

/** A chunk ready for a xorb: its hash, raw size and serialized form (header + compressed bytes). */
record EncodedChunk(ChunkHash hash, int rawSize, byte[] serialized) {
    static EncodedChunk encode(byte[] raw, StorageConfig.Compression compression) {
        return new EncodedChunk(XetHashing.chunkHash(raw, 0, raw.length), raw.length,
                ChunkCodec.encode(raw, 0, raw.length, compression));
    }
}
