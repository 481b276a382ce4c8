package org.chorus.federated;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.chorus.federated.proto.v1.FederationGrpc;

/** The Federation service's methods called with raw bytes as messages, to send what no protobuf encoder would. */
final class RawCalls {
    /** Every method of the service, by name. */
    static final List<MethodDescriptor<?, ?>> METHODS = List.of(FederationGrpc.getRegisterMethod(), FederationGrpc.getHeartbeatMethod(),
            FederationGrpc.getPullInstructionMethod(), FederationGrpc.getDownloadModelMethod(), FederationGrpc.getPushResultMethod());

    private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    private RawCalls() {}

    /**
     * Calls {@code method} with {@code messages} (a unary method gets the first) and returns the status it ended with;
     * a call still open after {@code seconds} ends as DEADLINE_EXCEEDED, which no test accepts.
     */
    static Status call(Channel channel, MethodDescriptor<?, ?> method, List<byte[]> messages, int seconds) throws InterruptedException {
        MethodDescriptor<byte[], byte[]> raw = method.toBuilder(BYTES, BYTES).build();
        CompletableFuture<Status> end = new CompletableFuture<>();
        StreamObserver<byte[]> replies = new StreamObserver<>() {
            @Override
            public void onNext(byte[] value) {}

            @Override
            public void onError(Throwable t) {
                end.complete(Status.fromThrowable(t));
            }

            @Override
            public void onCompleted() {
                end.complete(Status.OK);
            }
        };
        var call = channel.newCall(raw, CallOptions.DEFAULT.withDeadlineAfter(seconds, TimeUnit.SECONDS));
        if (method.getType().clientSendsOneMessage()) {
            if (method.getType().serverSendsOneMessage()) {
                ClientCalls.asyncUnaryCall(call, messages.getFirst(), replies);
            } else {
                ClientCalls.asyncServerStreamingCall(call, messages.getFirst(), replies);
            }
        } else {
            StreamObserver<byte[]> requests = ClientCalls.asyncClientStreamingCall(call, replies);
            messages.forEach(requests::onNext);
            requests.onCompleted();
        }
        try {
            return end.get(seconds + 5L, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return Status.DEADLINE_EXCEEDED.withDescription("no end: " + e);
        }
    }
}
