package org.chorus.client;

import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.util.concurrent.Flow;

/**
 * A request body sent straight from {@code bytes[0, length)}, in 1 MiB slices that wrap the array. The JDK's
 * {@code BodyPublishers.ofByteArray} copies a body into fresh 16 KiB buffers first: for a new file's xorbs that was a
 * copy and a garbage buffer for every byte sent, a quarter of the client's CPU (design notes, "The SDK's Xet
 * upload"). The array must not change until the exchange is over.
 */
final class ArrayBody {
    static final int SLICE = 1 << 20;

    private ArrayBody() {}

    static HttpRequest.BodyPublisher of(byte[] bytes, int length) {
        if (length < 0 || length > bytes.length) {
            throw new IllegalArgumentException("length " + length + " outside an array of " + bytes.length);
        }
        if (length == 0) {
            // fromPublisher takes a positive length only.
            return HttpRequest.BodyPublishers.noBody();
        }
        return HttpRequest.BodyPublishers.fromPublisher(subscriber -> subscriber.onSubscribe(new Slices(subscriber, bytes, length)), length);
    }

    /** Hands out slices as the subscriber asks for them; a request made from within onNext is served by the loop. */
    private static final class Slices implements Flow.Subscription {
        private final Flow.Subscriber<? super ByteBuffer> subscriber;
        private final byte[] bytes;
        private final int length;
        private int sent;
        private long demand;
        private boolean emitting;
        private boolean over;

        Slices(Flow.Subscriber<? super ByteBuffer> subscriber, byte[] bytes, int length) {
            this.subscriber = subscriber;
            this.bytes = bytes;
            this.length = length;
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
                    if (over || (demand == 0 && sent < length)) {
                        emitting = false;
                        return;
                    }
                    // The end needs no demand of its own.
                    if (sent == length) {
                        over = true;
                        next = null;
                    } else {
                        int size = Math.min(SLICE, length - sent);
                        next = ByteBuffer.wrap(bytes, sent, size).slice();
                        sent += size;
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
