package org.chorus.federated;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import org.chorus.core.ChorusException;
import org.chorus.federated.proto.v1.DownloadRequest;
import org.chorus.federated.proto.v1.FederationGrpc;
import org.chorus.federated.proto.v1.HeartbeatReply;
import org.chorus.federated.proto.v1.HeartbeatRequest;
import org.chorus.federated.proto.v1.Instruction;
import org.chorus.federated.proto.v1.InstructionKind;
import org.chorus.federated.proto.v1.ProtocolVersion;
import org.chorus.federated.proto.v1.PullReply;
import org.chorus.federated.proto.v1.PullRequest;
import org.chorus.federated.proto.v1.PushReply;
import org.chorus.federated.proto.v1.RegisterReply;
import org.chorus.federated.proto.v1.RegisterRequest;
import org.chorus.federated.proto.v1.ResultHeader;
import org.chorus.federated.proto.v1.ResultPart;
import org.chorus.federated.proto.v1.Session;
import org.chorus.federated.proto.v1.TensorPiece;
import org.chorus.federated.proto.v1.Wait;

/** The gRPC adapter: parse, validate, call the coordinator, map the result. */
final class FederationService extends FederationGrpc.FederationImplBase {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FederationService.class);
    private final DefaultCoordinator c;

    FederationService(DefaultCoordinator coordinator) {
        this.c = coordinator;
    }

    @Override
    public void register(RegisterRequest req, StreamObserver<RegisterReply> out) {
        call(out, () -> {
            if (req.getProtocolVersion() != ProtocolVersion.PROTOCOL_VERSION_1) {
                throw ChorusException.invalid("unsupported protocol version " + req.getProtocolVersionValue() + "; this coordinator speaks 1");
            }
            Map<String, String> props = new TreeMap<>();
            req.getPropertiesMap().forEach((k, v) -> props.put(k, Wire.text(v)));
            DefaultCoordinator.Registered r = c.register(req.getFederation(), req.getJoinToken(), req.getNodeName(), props);
            return RegisterReply.newBuilder().setSession(Session.newBuilder().setNodeId(r.nodeId()).setSessionToken(r.sessionToken()))
                    .setHeartbeatIntervalMs(c.pace.intervalMs(r.federationId())).build();
        });
    }

    @Override
    public void heartbeat(HeartbeatRequest req, StreamObserver<HeartbeatReply> out) {
        call(out, () -> {
            NodeRegistry.Node node = auth(req.getSession());
            return HeartbeatReply.newBuilder().setHeartbeatIntervalMs(c.pace.intervalMs(node.federationId)).build();
        });
    }

    @Override
    public void pullInstruction(PullRequest req, StreamObserver<PullReply> out) {
        call(out, () -> {
            NodeRegistry.Node node = auth(req.getSession());
            PullReply reply = c.pull(node).map(o -> {
                Phase p = o.phase();
                byte[] secagg = p.instructionFor(node.id);
                p.bytesOut.addAndGet(secagg.length);
                return PullReply.newBuilder().setInstruction(Instruction.newBuilder().setTaskId(p.taskId).setRound(p.round)
                        .setKind(InstructionKind.valueOf(p.kind.name())).putAllConfig(Wire.scalars(p.config))
                        .setDeadlineUnixMs(p.deadlineMs).setModelRef(p.modelRef).setSecagg(ByteString.copyFrom(secagg))).build();
            }).orElse(null);
            return reply != null ? reply : forwardedPull(node, req);
        });
    }

    /** An instruction from a coordinator running another of the federation's tasks, else a wait. */
    private PullReply forwardedPull(NodeRegistry.Node node, PullRequest req) {
        for (io.grpc.Channel owner : c.forwarding.owners(node.federationId)) {
            try {
                PullReply r = FederationGrpc.newBlockingStub(owner).pullInstruction(req);
                if (r.hasInstruction()) {
                    return r;
                }
            } catch (io.grpc.StatusRuntimeException e) {
                LOG.debug("forwarding a pull failed: {}", e.getStatus()); // the owner is going away; its lease will tell
            }
        }
        return PullReply.newBuilder().setWait(Wait.newBuilder().setRetryAfterMs(c.retryAfterMs())).build();
    }

    @Override
    public void downloadModel(DownloadRequest req, StreamObserver<TensorPiece> out) {
        java.util.Optional<io.grpc.Channel> owner;
        try {
            owner = c.hasOpen(req.getModelRef()) ? java.util.Optional.empty() : c.forwarding.ownerOf(req.getTaskId());
        } catch (RuntimeException e) {
            out.onError(status(e));
            return;
        }
        if (owner.isPresent()) {
            relayDownload(owner.get(), req, out);
            return;
        }
        Phase phase;
        try {
            phase = c.phaseFor(auth(req.getSession()), req.getTaskId(), req.getModelRef());
        } catch (RuntimeException e) {
            out.onError(status(e));
            return;
        }
        Iterator<TensorPiece> pieces = Wire.pieces(phase.model);
        ServerCallStreamObserver<TensorPiece> call = (ServerCallStreamObserver<TensorPiece>) out;
        boolean[] done = new boolean[1];
        Runnable drain = () -> {
            synchronized (done) {
                while (!done[0] && call.isReady() && pieces.hasNext()) {
                    TensorPiece p = pieces.next();
                    phase.bytesOut.addAndGet(p.getData().size());
                    call.onNext(p);
                }
                if (!done[0] && !pieces.hasNext()) {
                    done[0] = true;
                    call.onCompleted();
                }
            }
        };
        call.setOnCancelHandler(() -> {
            synchronized (done) {
                done[0] = true;
            }
        });
        call.setOnReadyHandler(drain);
        drain.run();
    }

    /**
     * The owner's model, piece by piece, to the node that asked here, at the node's pace: a piece is asked of the owner
     * only when the node's stream can take one, so a slow node holds a piece or two here rather than the whole model
     * (before: a blocking read of the owner queued every piece on the node's stream as fast as the owner sent them).
     */
    static void relayDownload(io.grpc.Channel owner, DownloadRequest req, StreamObserver<TensorPiece> out) {
        ServerCallStreamObserver<TensorPiece> node = (ServerCallStreamObserver<TensorPiece>) out;
        FederationGrpc.newStub(owner).downloadModel(req, new ClientResponseObserver<DownloadRequest, TensorPiece>() {
            private ClientCallStreamObserver<DownloadRequest> fromOwner;

            @Override
            public void beforeStart(ClientCallStreamObserver<DownloadRequest> call) {
                fromOwner = call;
                call.disableAutoRequestWithInitial(1);
                node.setOnReadyHandler(() -> {
                    if (node.isReady()) {
                        fromOwner.request(1);
                    }
                });
                node.setOnCancelHandler(() -> fromOwner.cancel("the node stopped its download", null));
            }

            @Override
            public void onNext(TensorPiece piece) {
                node.onNext(piece);
                if (node.isReady()) {
                    fromOwner.request(1); // else the node's next ready signal asks for it
                }
            }

            @Override
            public void onError(Throwable t) {
                node.onError(Status.fromThrowable(t).asRuntimeException());
            }

            @Override
            public void onCompleted() {
                node.onCompleted();
            }
        });
    }

    @Override
    public StreamObserver<ResultPart> pushResult(StreamObserver<PushReply> out) {
        return new RoutedUpload(c, out);
    }

    private NodeRegistry.Node auth(Session s) {
        return c.authenticate(s.getNodeId(), s.getSessionToken());
    }

    private static <T> void call(StreamObserver<T> out, java.util.function.Supplier<T> work) {
        T reply;
        try {
            reply = work.get();
        } catch (RuntimeException e) {
            out.onError(status(e));
            return;
        }
        out.onNext(reply);
        out.onCompleted();
    }

    static io.grpc.StatusRuntimeException status(RuntimeException e) {
        if (!(e instanceof ChorusException ce)) {
            return Status.INTERNAL.withDescription(String.valueOf(e.getMessage())).withCause(e).asRuntimeException();
        }
        Status s = switch (ce.code()) {
            case INVALID_ARGUMENT -> Status.INVALID_ARGUMENT;
            case UNAUTHENTICATED -> Status.UNAUTHENTICATED;
            case PERMISSION_DENIED -> Status.PERMISSION_DENIED;
            case NOT_FOUND, REPO_NOT_FOUND, REVISION_NOT_FOUND, ENTRY_NOT_FOUND -> Status.NOT_FOUND;
            case ALREADY_EXISTS -> Status.ALREADY_EXISTS;
            case CONFLICT -> Status.FAILED_PRECONDITION;
            case PAYLOAD_TOO_LARGE, STORAGE_FULL, RATE_LIMITED -> Status.RESOURCE_EXHAUSTED;
            case RANGE_NOT_SATISFIABLE -> Status.OUT_OF_RANGE;
            case UNAVAILABLE -> Status.UNAVAILABLE;
            case DATA_CORRUPTED, INTERNAL -> Status.INTERNAL;
        };
        return s.withDescription(ce.getMessage()).asRuntimeException();
    }

    /** The phase kind a result answers; anything unknown is taken as FIT, as version 1 always did. */
    static Phase.Kind kind(ResultHeader h) {
        return switch (h.getKind()) {
            case EVALUATE -> Phase.Kind.EVALUATE;
            case SECAGG_SETUP -> Phase.Kind.SECAGG_SETUP;
            case SECAGG_SHARE -> Phase.Kind.SECAGG_SHARE;
            case SECAGG_MASK -> Phase.Kind.SECAGG_MASK;
            case SECAGG_UNMASK -> Phase.Kind.SECAGG_UNMASK;
            case FIT, INSTRUCTION_KIND_UNSPECIFIED, UNRECOGNIZED -> Phase.Kind.FIT;
        };
    }
}
