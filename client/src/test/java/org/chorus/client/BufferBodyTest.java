package org.chorus.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Request bodies sent from buffers without copying: what arrives, over real HTTP, and the subscription's rules. */
class BufferBodyTest {
    private HttpServer server;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        // Answers with the length and SHA-256 of the body it read.
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            byte[] answer;
            try {
                answer = (body.length + " " + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body))).getBytes();
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void theServerReceivesExactlyTheFirstLengthBytesWhateverTheLength() throws Exception {
        byte[] bytes = new byte[3 * SLICE + 10];
        new SplittableRandom(7).nextBytes(bytes);
        for (int length : new int[] {0, 1, SLICE - 1, SLICE, SLICE + 1, 3 * SLICE, bytes.length - 3}) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"))
                    .POST(BufferBody.of(pieces(bytes, length))).build();

            String answer = client.send(request, HttpResponse.BodyHandlers.ofString()).body();

            byte[] expected = java.util.Arrays.copyOf(bytes, length);
            assertThat(answer).as("length %d", length)
                    .isEqualTo(length + " " + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(expected)));
        }
    }

    @Test
    void buffersAreSentAsTheyAreOnlyOnDemandAndEndWithoutAskingForMore() {
        byte[] bytes = new byte[2 * SLICE + 5];
        Recorder recorder = new Recorder();
        List<ByteBuffer> pieces = pieces(bytes, bytes.length);
        HttpRequest.BodyPublisher body = BufferBody.of(pieces);
        assertThat(body.contentLength()).isEqualTo(bytes.length);

        body.subscribe(recorder);
        assertThat(recorder.slices).as("nothing before a request").isEmpty();
        recorder.subscription.request(2);
        assertThat(recorder.slices).hasSize(2);
        assertThat(recorder.completed).isFalse();
        recorder.subscription.request(1);

        assertThat(recorder.slices).extracting(ByteBuffer::remaining).containsExactly(SLICE, SLICE, 5);
        assertThat(recorder.slices).allSatisfy(b -> assertThat(b.array()).isSameAs(bytes));
        assertThat(recorder.completed).as("the end needs no further request").isTrue();
        recorder.slices.forEach(b -> b.position(b.limit()));
        assertThat(pieces).as("the caller's buffers keep their positions").extracting(ByteBuffer::remaining).containsExactly(SLICE, SLICE, 5);
    }

    @Test
    void aRequestFromWithinOnNextIsServedInOrderAndAZeroRequestIsAnError() {
        byte[] bytes = new byte[3 * SLICE];
        for (int i = 0; i < bytes.length; i += SLICE) {
            bytes[i] = (byte) (i / SLICE + 1);
        }
        Recorder eager = new Recorder() {
            @Override
            public void onNext(ByteBuffer item) {
                super.onNext(item);
                subscription.request(1);
            }
        };
        BufferBody.of(pieces(bytes, bytes.length)).subscribe(eager);
        eager.subscription.request(1);
        assertThat(eager.slices).extracting(b -> b.get(b.position())).containsExactly((byte) 1, (byte) 2, (byte) 3);
        assertThat(eager.completed).isTrue();

        Recorder wrong = new Recorder();
        BufferBody.of(pieces(bytes, bytes.length)).subscribe(wrong);
        wrong.subscription.request(0);
        assertThat(wrong.error).isInstanceOf(IllegalArgumentException.class);
        wrong.subscription.request(1);
        assertThat(wrong.slices).as("nothing after an error").isEmpty();
    }

    @Test
    void emptyBuffersAreLeftOutAndNoBytesMakeNoBody() {
        Recorder recorder = new Recorder();
        BufferBody.of(List.of(ByteBuffer.allocate(0), ByteBuffer.wrap(new byte[] {7}), ByteBuffer.allocate(0))).subscribe(recorder);
        recorder.subscription.request(1);
        assertThat(recorder.slices).extracting(ByteBuffer::remaining).containsExactly(1);
        assertThat(recorder.completed).isTrue();
        assertThat(BufferBody.of(List.of(ByteBuffer.allocate(0))).contentLength()).isZero();
    }

    private static final int SLICE = 1 << 20;

    /** {@code bytes[0, length)} as slices of at most {@link #SLICE}. */
    private static List<ByteBuffer> pieces(byte[] bytes, int length) {
        List<ByteBuffer> pieces = new ArrayList<>();
        for (int at = 0; at < length; at += SLICE) {
            pieces.add(ByteBuffer.wrap(bytes, at, Math.min(SLICE, length - at)).slice());
        }
        return pieces;
    }

    private static class Recorder implements Flow.Subscriber<ByteBuffer> {
        Flow.Subscription subscription;
        final List<ByteBuffer> slices = new ArrayList<>();
        boolean completed;
        Throwable error;

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
        }

        @Override
        public void onNext(ByteBuffer item) {
            slices.add(item);
        }

        @Override
        public void onError(Throwable t) {
            error = t;
        }

        @Override
        public void onComplete() {
            completed = true;
        }
    }
}
