package org.chorus.federated;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
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
import org.chorus.federated.proto.v1.Scalar;
import org.chorus.federated.proto.v1.Session;
import org.chorus.federated.proto.v1.TensorPiece;
import org.chorus.federated.secure.secagg.SecAggClient;
import org.chorus.federated.secure.secagg.SecAggMessage;
import org.chorus.federated.secure.secagg.SecAggWire;

/**
 * A secure-aggregation node scripted over the raw protocol, so a test can make it drop out at a chosen stage or
 * misbehave in ways the Java SDK never would. Node i trains to Δ_j = −0.1·g_j + 0.01·i·(j+1) with weight
 * 10·i and records, per round, what it masked once the coordinator accepted it.
 */
final class SecAggNode {
    /** What to change about an honest node; each default is honest. */
    interface Script {
        /** Whether the node goes silent (drops out) instead of answering this stage ({@code setup} null before it). */
        default boolean dropsAt(InstructionKind stage, SecAggMessage.Setup setup) {
            return false;
        }

        default SecAggMessage.AdvertiseKeys keys(SecAggMessage.AdvertiseKeys honest) {
            return honest;
        }

        default SecAggMessage.ShareKeys shares(SecAggMessage.ShareKeys honest) {
            return honest;
        }

        default int[] masked(int[] honest) {
            return honest;
        }

        default long declaredWeight(long honest) {
            return honest;
        }
    }

    record Contribution(float[] global, float[] delta, long weight) {}

    final int i;
    final Map<Long, Contribution> contributions = new ConcurrentHashMap<>();
    final List<String> rejections = new CopyOnWriteArrayList<>();
    final CompletableFuture<int[]> acceptedMasked = new CompletableFuture<>();
    private final Script script;
    private final FederationGrpc.FederationBlockingStub blocking;
    private final FederationGrpc.FederationStub async;
    private final Session session;
    private final Thread loop;
    final List<InstructionKind> seen = new CopyOnWriteArrayList<>();
    private volatile SecAggMessage.Setup setup;
    private SecAggClient client;
    private volatile boolean running = true;

    SecAggNode(ManagedChannel channel, String federation, String token, int i, Script script) {
        this.i = i;
        this.script = script;
        blocking = FederationGrpc.newBlockingStub(channel);
        async = FederationGrpc.newStub(channel);
        session = blocking.register(RegisterRequest.newBuilder().setProtocolVersion(ProtocolVersion.PROTOCOL_VERSION_1)
                .setFederation(federation).setJoinToken(token).setNodeName("scripted-" + i)
                .putProperties("secagg", Scalar.newBuilder().setBoolValue(true).build()).build()).getSession();
        loop = Thread.ofVirtual().start(this::run);
    }

    private void run() {
        try {
            while (running) {
                var reply = blocking.pullInstruction(PullRequest.newBuilder().setSession(session).build());
                if (!reply.hasInstruction()) {
                    Thread.sleep(10);
                } else {
                    seen.add(reply.getInstruction().getKind());
                    if (script.dropsAt(reply.getInstruction().getKind(), setup)) {
                        return; // silent from here on: a dropout
                    }
                    answer(reply.getInstruction());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (running) {
                rejections.add("node failed: " + e);
            }
        }
    }

    private void answer(Instruction in) throws InterruptedException {
        ResultHeader.Builder header = ResultHeader.newBuilder().setSession(session).setTaskId(in.getTaskId()).setRound(in.getRound())
                .setKind(in.getKind());
        switch (in.getKind()) {
            case SECAGG_SETUP -> {
                setup = (SecAggMessage.Setup) SecAggWire.decode(in.getSecagg().toByteArray());
                client = SecAggClient.create(setup.config(), setup.recipient());
                push(header.setSecagg(bytes(script.keys(client.advertiseKeys()))), List.of());
            }
            case SECAGG_SHARE -> push(header.setSecagg(bytes(script.shares(
                    client.shareKeys((SecAggMessage.KeyDirectory) SecAggWire.decode(in.getSecagg().toByteArray()))))), List.of());
            case SECAGG_MASK -> {
                float[] global = flat(blocking.downloadModel(
                        DownloadRequest.newBuilder().setSession(session).setTaskId(in.getTaskId()).setModelRef(in.getModelRef()).build()));
                float[] delta = new float[global.length];
                for (int j = 0; j < delta.length; j++) {
                    delta[j] = -0.1f * global[j] + 0.01f * i * (j + 1);
                }
                long weight = 10L * i;
                int[] masked = script.masked(client.maskedInput(
                        (SecAggMessage.ForwardedShares) SecAggWire.decode(in.getSecagg().toByteArray()), delta, weight).masked());
                if (push(header.setNumExamples(script.declaredWeight(weight)), List.of(piece(masked)))) {
                    contributions.put(in.getRound(), new Contribution(global, delta, weight));
                    acceptedMasked.complete(masked);
                }
            }
            case SECAGG_UNMASK -> push(header.setSecagg(bytes(client.unmask(
                    (SecAggMessage.UnmaskRequest) SecAggWire.decode(in.getSecagg().toByteArray())))), List.of());
            default -> throw new IllegalStateException("a scripted node only aggregates securely, got " + in.getKind());
        }
    }

    /** The downloaded model's values, all tensors in order. */
    private static float[] flat(java.util.Iterator<TensorPiece> pieces) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        pieces.forEachRemaining(p -> out.writeBytes(p.getData().toByteArray()));
        float[] values = new float[out.size() / 4];
        ByteBuffer.wrap(out.toByteArray()).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return values;
    }

    private static ByteString bytes(SecAggMessage message) {
        return ByteString.copyFrom(SecAggWire.encode(message));
    }

    static TensorPiece piece(int[] masked) {
        ByteBuffer b = ByteBuffer.allocate(masked.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asIntBuffer().put(masked);
        return TensorPiece.newBuilder().setName("secagg.masked").setDtype(DType.U32).addShape(masked.length)
                .setData(ByteString.copyFrom(b.array())).build();
    }

    /** Pushes one answer; true when accepted, else the reason is recorded. */
    private boolean push(ResultHeader.Builder header, List<TensorPiece> pieces) throws InterruptedException {
        CompletableFuture<PushReply> reply = new CompletableFuture<>();
        StreamObserver<ResultPart> up = async.pushResult(RawNode.replyInto(reply));
        up.onNext(ResultPart.newBuilder().setHeader(header).build());
        pieces.forEach(p -> up.onNext(ResultPart.newBuilder().setPiece(p).build()));
        up.onCompleted();
        try {
            PushReply r = reply.get(30, TimeUnit.SECONDS);
            if (!r.getAccepted()) {
                rejections.add(r.getReason());
            }
            return r.getAccepted();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            rejections.add("push failed: " + e);
            return false;
        }
    }

    /** The last setup this node received (its group and id), null before any. */
    SecAggMessage.Setup setup() {
        return setup;
    }

    void stop() throws InterruptedException {
        running = false;
        loop.interrupt();
        loop.join(5_000);
    }
}
