package org.chorus.storage;

/** A run of chunks {@code [chunkStart, chunkEnd)} of one xorb, holding {@code rawBytes} bytes of a file. */
public record Term(XorbHash xorb, int chunkStart, int chunkEnd, long rawBytes) {}
