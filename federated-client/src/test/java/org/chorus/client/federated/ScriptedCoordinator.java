package org.chorus.client.federated;

import com.google.protobuf.ByteString;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongPredicate;
import org.chorus.federated.proto.v1.DType;
import org.chorus.federated.proto.v1.DownloadRequest;
import org.chorus.federated.proto.v1.FederationGrpc;
import org.chorus.federated.proto.v1.HeartbeatReply;
import org.chorus.federated.proto.v1.HeartbeatRequest;
import org.chorus.federated.proto.v1.Instruction;
import org.chorus.federated.proto.v1.InstructionKind;
import org.chorus.federated.proto.v1.PullReply;
import org.chorus.federated.proto.v1.PullRequest;
import org.chorus.federated.proto.v1.PushReply;
import org.chorus.federated.proto.v1.RegisterReply;
import org.chorus.federated.proto.v1.RegisterRequest;
import org.chorus.federated.proto.v1.ResultPart;
import org.chorus.federated.proto.v1.Scalar;
import org.chorus.federated.proto.v1.Session;
import org.chorus.federated.proto.v1.TensorPiece;
import org.chorus.federated.proto.v1.Wait;

/**
 * A coordinator for one node, on a real gRPC server (TCP): it hands out FIT rounds 1…{@code rounds} one after another,
 * serves a model of two tensors (so an upload is header + two pieces), and aborts the upload of every round that
 * {@code aborts} names after its first piece, as a coordinator that drops a stream does. However the upload ends
 * (delivered, aborted, or broken by the node) the round ends with it and the next one opens, so a node that stayed
 * gets every later round.
 */
final class ScriptedCoordinator extends FederationGrpc.FederationImplBase {
    static final List<NamedTensor> MODEL = List.of(new NamedTensor("a", new long[] {2}, new float[] {1, 2}),
            new NamedTensor("b", new long[] {2}, new float[] {3, 4}));

    private final Server server;
    private final long rounds;
    private final LongPredicate aborts;
    private final AtomicLong round = new AtomicLong(1);
    /** What the node delivered, by round. */
    final Map<Long, float[]> accepted = new ConcurrentHashMap<>();
    /** Rounds whose upload did not arrive whole (0: broken before its header arrived), and how it ended. */
    final Map<Long, String> lost = new ConcurrentHashMap<>();

    ScriptedCoordinator(long rounds, LongPredicate aborts) throws IOException {
        this.rounds = rounds;
        this.aborts = aborts;
        this.server = NettyServerBuilder.forAddress(new InetSocketAddress("localhost", 0)).addService(this).build().start();
    }

    int port() {
        return server.getPort();
    }

    @Override
    public void register(RegisterRequest req, StreamObserver<RegisterReply> out) {
        out.onNext(RegisterReply.newBuilder().setSession(Session.newBuilder().setNodeId("n1").setSessionToken("s1")).setHeartbeatIntervalMs(50).build());
        out.onCompleted();
    }

    @Override
    public void heartbeat(HeartbeatRequest req, StreamObserver<HeartbeatReply> out) {
        out.onNext(HeartbeatReply.newBuilder().setHeartbeatIntervalMs(50).build());
        out.onCompleted();
    }

    @Override
    public void pullInstruction(PullRequest req, StreamObserver<PullReply> out) {
        long r = round.get();
        out.onNext(r > rounds ? PullReply.newBuilder().setWait(Wait.newBuilder().setRetryAfterMs(10)).build()
                : PullReply.newBuilder().setInstruction(Instruction.newBuilder().setTaskId("t").setRound(r).setKind(InstructionKind.FIT)
                        .putConfig("round", Scalar.newBuilder().setIntValue(r).build()).setModelRef("m" + r)
                        .setDeadlineUnixMs(System.currentTimeMillis() + 30_000)).build());
        out.onCompleted();
    }

    @Override
    public void downloadModel(DownloadRequest req, StreamObserver<TensorPiece> out) {
        for (NamedTensor t : MODEL) {
            ByteBuffer b = ByteBuffer.allocate(4 * t.values().length).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(t.values());
            TensorPiece.Builder p = TensorPiece.newBuilder().setName(t.name()).setDtype(DType.F32).setData(ByteString.copyFrom(b.array()));
            for (long d : t.shape()) {
                p.addShape(d);
            }
            out.onNext(p.build());
        }
        out.onCompleted();
    }

    @Override
    public StreamObserver<ResultPart> pushResult(StreamObserver<PushReply> out) {
        return new StreamObserver<>() {
            private long resultRound;
            private final float[] values = new float[4];
            private int filled;
            private boolean over;

            @Override
            public void onNext(ResultPart part) {
                if (over) {
                    return;
                }
                if (part.hasHeader()) {
                    resultRound = part.getHeader().getRound();
                    return;
                }
                part.getPiece().getData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values, filled, 2);
                filled += 2;
                if (aborts.test(resultRound)) {
                    over = true;
                    lost.put(resultRound, "aborted by the coordinator");
                    round.compareAndSet(resultRound, resultRound + 1);
                    out.onError(Status.ABORTED.withDescription("the coordinator dropped the upload").asRuntimeException());
                }
            }

            @Override
            public void onError(Throwable t) {
                if (!over) {
                    over = true;
                    lost.put(resultRound, "broken by the node: " + Status.fromThrowable(t));
                    round.compareAndSet(resultRound, resultRound + 1);
                }
            }

            @Override
            public void onCompleted() {
                if (over) {
                    return;
                }
                accepted.put(resultRound, values.clone());
                round.compareAndSet(resultRound, resultRound + 1);
                out.onNext(PushReply.newBuilder().setAccepted(true).build());
                out.onCompleted();
            }
        };
    }

    /** Waits until round {@code r} is over (delivered or aborted), or {@code seconds} have passed. */
    boolean awaitRoundOver(long r, long seconds) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (round.get() <= r && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        return round.get() > r;
    }

    void close() throws InterruptedException {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
