package org.chorus.client;

import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.Flow;

/**
 * A request body sent straight from buffers, in order, without copying them: a xorb is its chunk headers and slices
 * of the file's mapped pages. The JDK's {@code BodyPublishers.ofByteArray} copies a body into fresh 16 KiB buffers
 * first: for a new file's xorbs that was a copy and a garbage buffer for every byte sent, a quarter of the client's
 * CPU (design notes, "The SDK's Xet upload"). The buffers' bytes must not change until the exchange is over; their
 * positions and limits are not touched.
 */
final class BufferBody {
    private BufferBody() {}

    static HttpRequest.BodyPublisher of(List<ByteBuffer> buffers) {
        long length = 0;
        for (ByteBuffer b : buffers) {
            length += b.remaining();
        }
        if (length == 0) {
            // fromPublisher takes a positive length only.
            return HttpRequest.BodyPublishers.noBody();
        }
        // Empty buffers are left out: a subscriber's demand counts buffers, so each one sent must carry bytes.
        List<ByteBuffer> body = buffers.stream().filter(ByteBuffer::hasRemaining).toList();
        return HttpRequest.BodyPublishers.fromPublisher(subscriber -> subscriber.onSubscribe(new Pieces(subscriber, body)), length);
    }

    /** Hands out the buffers as the subscriber asks for them; a request made from within onNext is served by the loop. */
    private static final class Pieces implements Flow.Subscription {
        private final Flow.Subscriber<? super ByteBuffer> subscriber;
        private final List<ByteBuffer> buffers;
        private int sent;
        private long demand;
        private boolean emitting;
        private boolean over;

        Pieces(Flow.Subscriber<? super ByteBuffer> subscriber, List<ByteBuffer> buffers) {
            this.subscriber = subscriber;
            this.buffers = buffers;
        }

        @Override
        public void request(long n) {
            synchronized (this) {
                if (over) {
                    return;
                }
                if (n <= 0) {
                    over = true;
                } else {
                    demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
                    if (emitting) {
                        return;
                    }
                    emitting = true;
                }
            }
            if (n <= 0) {
                subscriber.onError(new IllegalArgumentException("a subscriber asked for " + n + " buffers"));
                return;
            }
            while (true) {
                ByteBuffer next;
                synchronized (this) {
                    if (over || (demand == 0 && sent < buffers.size())) {
                        emitting = false;
                        return;
                    }
                    // The end needs no demand of its own.
                    if (sent == buffers.size()) {
                        over = true;
                        next = null;
                    } else {
                        // A view: the subscriber moves its position, and a retried request sends the body again.
                        next = buffers.get(sent++).duplicate();
                        demand--;
                    }
                }
                if (next == null) {
                    subscriber.onComplete();
                    return;
                }
                subscriber.onNext(next);
            }
        }

        @Override
        public synchronized void cancel() {
            over = true;
        }
    }
}
