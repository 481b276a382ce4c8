package org.chorus.client.federated;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.chorus.federated.proto.v1.PushReply;
import org.chorus.federated.proto.v1.ResultHeader;
import org.chorus.federated.proto.v1.ResultPart;
import org.chorus.federated.proto.v1.TensorPiece;

/**
 * One {@code PushResult} call: the header, then the pieces as fast as the stream takes them (gRPC flow control), then
 * the coordinator's reply. Once the coordinator has answered (it rejected the result, or the call ended) the remaining
 * pieces are dropped. An upload that fails on this side cancels the call, so the coordinator counts the node as failed
 * for the round at once rather than at the deadline; the failure is the caller's to retry.
 */
final class ResultPush implements ClientResponseObserver<ResultPart, PushReply> {
    /** Where pieces go; blocks while the stream is not ready. */
    interface PieceSink {
        void accept(TensorPiece piece) throws InterruptedException;
    }

    /** Hands a result's pieces to a sink. */
    interface Pieces {
        Pieces NONE = sink -> {};

        void sendTo(PieceSink sink) throws InterruptedException;
    }

    private final CompletableFuture<PushReply> reply = new CompletableFuture<>();
    /**
     * Released on every onReady and when the reply arrives. A waiter re-checks readiness after each permit, so stale
     * permits cost one loop turn, and a release between its check and its acquire is never lost.
     */
    private final Semaphore readiness = new Semaphore(0);
    private ClientCallStreamObserver<ResultPart> requests;

    @Override
    public void beforeStart(ClientCallStreamObserver<ResultPart> requests) {
        this.requests = requests;
        requests.setOnReadyHandler(readiness::release);
    }

    @Override
    public void onNext(PushReply value) {
        reply.complete(value);
        readiness.release();
    }

    @Override
    public void onError(Throwable t) {
        reply.completeExceptionally(t);
        readiness.release();
    }

    @Override
    public void onCompleted() {
        reply.complete(PushReply.newBuilder().setAccepted(false).setReason("no reply").build());
        readiness.release();
    }

    /** Streams {@code header} and {@code pieces} on the started call and waits up to {@code waitMs} for the reply. */
    PushReply send(ResultHeader header, Pieces pieces, long waitMs) throws InterruptedException {
        try {
            requests.onNext(ResultPart.newBuilder().setHeader(header).build());
            pieces.sendTo(this::sendWhenReady);
            requests.onCompleted();
            return reply.get(waitMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException | RuntimeException e) {
            requests.cancel("upload abandoned", e);
            throw e;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof StatusRuntimeException s ? s : Status.fromThrowable(e.getCause()).asRuntimeException();
        } catch (TimeoutException e) {
            requests.cancel("no reply", e);
            throw Status.DEADLINE_EXCEEDED.withDescription("no reply to the upload").asRuntimeException();
        }
    }

    private void sendWhenReady(TensorPiece piece) throws InterruptedException {
        while (!reply.isDone() && !requests.isReady()) {
            readiness.acquire();
        }
        if (!reply.isDone()) {
            requests.onNext(ResultPart.newBuilder().setPiece(piece).build());
        }
    }
}
