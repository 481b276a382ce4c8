package org.chorus.client;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.LongConsumer;

/** Request bodies read from a slice of a file with a known length, reporting bytes as they go out. */
final class FileBodies {
    private FileBodies() {}

    static HttpRequest.BodyPublisher slice(Path file, long offset, long length, LongConsumer sent) {
        return HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> open(file, offset, length, sent)), length);
    }

    private static InputStream open(Path file, long offset, long length, LongConsumer sent) {
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ).position(offset);
            InputStream bounded = Channels.newInputStream(channel);
            return new FilterInputStream(bounded) {
                private long left = length;

                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (left <= 0) {
                        return -1;
                    }
                    int n = super.read(b, off, (int) Math.min(len, left));
                    if (n > 0) {
                        left -= n;
                        sent.accept(n);
                    }
                    return n;
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
