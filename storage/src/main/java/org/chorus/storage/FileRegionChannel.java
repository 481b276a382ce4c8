package org.chorus.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A channel that can send a span of a file straight from the page cache (sendfile) instead of copying its mapped
 * bytes. The mapped buffer always comes along and holds the same bytes, so a channel that cannot send a file region
 * (TLS, a test stream) writes the buffer instead.
 */
public interface FileRegionChannel extends WritableByteChannel {
    /** Writes all of {@code mapped}, whose remaining bytes are bytes {@code [position, ...)} of {@code file}. */
    void writeRegion(ByteBuffer mapped, FileChannel file, long position) throws IOException;

    /** Sends {@code mapped} as a file region when {@code out} can, else writes its bytes. */
    static void send(ByteBuffer mapped, FileChannel file, long position, WritableByteChannel out) throws IOException {
        if (out instanceof FileRegionChannel regions) {
            regions.writeRegion(mapped, file, position);
        } else {
            while (mapped.hasRemaining()) {
                out.write(mapped);
            }
        }
    }
}
