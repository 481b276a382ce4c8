package org.chorus.storage;

import java.io.IOException;
import java.nio.channels.WritableByteChannel;

/**
 * A stream of stored bytes that can also write itself to a channel as buffers, so bytes stored raw reach the socket
 * from the page cache (memory-mapped) without a copy through the Java heap. Use one or the other, not both.
 */
public interface ChannelTransfer {
    /** Writes every remaining byte to {@code out}; returns how many. */
    long transferTo(WritableByteChannel out) throws IOException;
}
