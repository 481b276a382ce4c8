package org.chorus.federated;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.chorus.federated.proto.v1.FederationGrpc;
import org.chorus.federated.proto.v1.PushReply;
import org.chorus.federated.proto.v1.ResultPart;

/**
 * A result upload that reached this coordinator: taken here ({@link ResultUpload}) when the task's phase is open here
 * or no other live coordinator holds its lease, else relayed part by part to the owner, whose answer is relayed back.
 */
final class RoutedUpload implements StreamObserver<ResultPart> {
    private final DefaultCoordinator c;
    private final StreamObserver<PushReply> out;
    private StreamObserver<ResultPart> target;

    RoutedUpload(DefaultCoordinator c, StreamObserver<PushReply> out) {
        this.c = c;
        this.out = out;
    }

    @Override
    public void onNext(ResultPart part) {
        if (target == null) {
            target = route(part);
        }
        target.onNext(part);
    }

    private StreamObserver<ResultPart> route(ResultPart first) {
        String taskId = first.hasHeader() ? first.getHeader().getTaskId() : "";
        if (taskId.isEmpty() || c.runsOpenPhase(taskId)) {
            return new ResultUpload(c, out);
        }
        return c.forwarding.ownerOf(taskId).<StreamObserver<ResultPart>>map(owner -> FederationGrpc.newStub(owner).pushResult(relay()))
                .orElseGet(() -> new ResultUpload(c, out));
    }

    /** The owner's answer, back to the node; the owner's failure as its status. */
    private StreamObserver<PushReply> relay() {
        return new StreamObserver<>() {
            @Override
            public void onNext(PushReply reply) {
                out.onNext(reply);
            }

            @Override
            public void onError(Throwable t) {
                out.onError(Status.fromThrowable(t).asRuntimeException());
            }

            @Override
            public void onCompleted() {
                out.onCompleted();
            }
        };
    }

    @Override
    public void onError(Throwable t) {
        if (target != null) {
            target.onError(t);
        }
    }

    @Override
    public void onCompleted() {
        if (target == null) {
            target = new ResultUpload(c, out);
        }
        target.onCompleted();
    }
}
