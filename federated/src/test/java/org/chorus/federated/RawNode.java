package org.chorus.federated;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.chorus.federated.proto.v1.DType;
import org.chorus.federated.proto.v1.DownloadRequest;
import org.chorus.federated.proto.v1.FederationGrpc;
import org.chorus.federated.proto.v1.Instruction;
import org.chorus.federated.proto.v1.InstructionKind;
import org.chorus.federated.proto.v1.ProtocolVersion;
import org.chorus.federated.proto.v1.PullRequest;
import org.chorus.federated.proto.v1.PushReply;
import org.chorus.federated.proto.v1.RegisterRequest;
import org.chorus.federated.proto.v1.ResultHeader;
import org.chorus.federated.proto.v1.ResultPart;
import org.chorus.federated.proto.v1.Session;
import org.chorus.federated.proto.v1.TensorPiece;

/** A node driven by hand over the raw protocol, to send what a well-behaved client never would. */
final class RawNode {
    final Session session;
    private final FederationGrpc.FederationBlockingStub blocking;
    private final FederationGrpc.FederationStub async;

    RawNode(ManagedChannel channel, String federation, String token, String name) {
        blocking = FederationGrpc.newBlockingStub(channel);
        async = FederationGrpc.newStub(channel);
        session = blocking.register(RegisterRequest.newBuilder().setProtocolVersion(ProtocolVersion.PROTOCOL_VERSION_1)
                .setFederation(federation).setJoinToken(token).setNodeName(name).build()).getSession();
    }

    Instruction pull() {
        var reply = blocking.pullInstruction(PullRequest.newBuilder().setSession(session).build());
        return reply.hasInstruction() ? reply.getInstruction() : null;
    }

    /** The model an instruction names, as this node would download it. */
    List<TensorPiece> download(String taskId, String modelRef) {
        List<TensorPiece> out = new ArrayList<>();
        blocking.downloadModel(DownloadRequest.newBuilder().setSession(session).setTaskId(taskId).setModelRef(modelRef).build())
                .forEachRemaining(out::add);
        return out;
    }

    static TensorPiece piece(String name, long[] shape, float... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        TensorPiece.Builder p = TensorPiece.newBuilder().setName(name).setDtype(DType.F32).setData(ByteString.copyFrom(b.array()));
        for (long d : shape) {
            p.addShape(d);
        }
        return p.build();
    }

    /** An observer that completes {@code reply} with the coordinator's answer to a push. */
    static StreamObserver<PushReply> replyInto(CompletableFuture<PushReply> reply) {
        return new StreamObserver<>() {
            @Override
            public void onNext(PushReply value) {
                reply.complete(value);
            }

            @Override
            public void onError(Throwable t) {
                reply.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {}
        };
    }

    /** Pushes a header for {@code (taskId, round)} and the pieces; {@code abort} breaks the stream instead of finishing it. */
    PushReply push(String taskId, long round, List<TensorPiece> pieces, boolean abort) throws Exception {
        return push(taskId, round, pieces, abort, 10);
    }

    /** As {@link #push(String, long, List, boolean)}, claiming {@code numExamples} examples. */
    PushReply push(String taskId, long round, List<TensorPiece> pieces, boolean abort, long numExamples) throws Exception {
        return push(header(taskId, round).setNumExamples(numExamples).build(), pieces, abort);
    }

    /** A FIT result header of this node, claiming 10 examples. */
    ResultHeader.Builder header(String taskId, long round) {
        return ResultHeader.newBuilder().setSession(session).setTaskId(taskId).setRound(round).setKind(InstructionKind.FIT).setNumExamples(10);
    }

    /** Pushes {@code header} as given, then the pieces; {@code abort} breaks the stream instead of finishing it. */
    PushReply push(ResultHeader header, List<TensorPiece> pieces, boolean abort) throws Exception {
        CompletableFuture<PushReply> reply = new CompletableFuture<>();
        StreamObserver<ResultPart> up = async.pushResult(replyInto(reply));
        up.onNext(ResultPart.newBuilder().setHeader(header).build());
        for (TensorPiece p : pieces) {
            up.onNext(ResultPart.newBuilder().setPiece(p).build());
        }
        if (abort) {
            Thread.sleep(300); // let the server take the header and pieces before the connection breaks
            up.onError(new IllegalStateException("node lost its connection"));
            return null;
        }
        up.onCompleted();
        return reply.get(10, TimeUnit.SECONDS);
    }
}
