package org.chorus.storage;

/** Where a chunk is stored: chunk {@code chunkIndex} of {@code xorb}, whose serialized bytes are [byteStart, byteEnd). */
public record ChunkLocation(XorbHash xorb, int chunkIndex, long byteStart, long byteEnd) {}
