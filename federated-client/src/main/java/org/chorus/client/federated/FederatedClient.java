package org.chorus.client.federated;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.chorus.federated.proto.v1.DownloadRequest;
import org.chorus.federated.proto.v1.FederationGrpc;
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
import org.chorus.federated.proto.v1.Scalar;
import org.chorus.federated.proto.v1.Session;
import org.chorus.federated.secure.secagg.SecAggException;

/**
 * A federated node: registers with a federation, then pulls instructions, trains or evaluates with the
 * {@link LocalTrainer} and pushes results, until closed. Every failure (lost connection, unknown session, broken
 * upload, trainer exception) is retried with exponential backoff (re-registering under the same node name); the coordinator's
 * pace-steering hints set how often it heartbeats and polls. It registers with {@code secagg=true}: under
 * secure aggregation it runs the four stages itself and sends only its masked weighted delta.
 */
public final class FederatedClient implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(FederatedClient.class.getName());
    private static final long CALL_TIMEOUT_MS = 30_000;

    private final ManagedChannel channel;
    private final boolean ownsChannel;
    private final String federation;
    private final String joinToken;
    private final String nodeName;
    private final Map<String, Scalar> properties;
    private final LocalTrainer trainer;
    private final ClientPrivacy privacy = ClientPrivacy.secure();
    private final Backoff backoff;
    private final FederationGrpc.FederationBlockingStub blocking;
    private final FederationGrpc.FederationStub async;
    private final AtomicLong fitted = new AtomicLong();
    private final AtomicLong evaluated = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private volatile Session session;
    private volatile SecureSession secure;
    private volatile long heartbeatMs = 5_000;
    private volatile boolean running = true;
    private Thread loop;
    private Thread heartbeats;

    private FederatedClient(Builder b) {
        this.channel = b.channel;
        this.ownsChannel = b.ownsChannel;
        this.federation = b.federation;
        this.joinToken = b.joinToken;
        this.nodeName = b.nodeName;
        this.properties = b.properties;
        this.trainer = b.trainer;
        this.backoff = new Backoff(b.initialBackoffMs, b.maxBackoffMs);
        this.blocking = FederationGrpc.newBlockingStub(channel);
        this.async = FederationGrpc.newStub(channel);
    }

    public static Builder builder(ManagedChannel channel) {
        return new Builder(channel, false);
    }

    /** Connects to {@code host:port} over plaintext TCP; the client closes the channel when closed. */
    public static Builder builder(String host, int port) {
        return new Builder(io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder.forAddress(host, port).usePlaintext()
                .maxInboundMessageSize(8 << 20).build(), true);
    }

    /** Starts the node's loop and heartbeats on their own threads. */
    public FederatedClient start() {
        loop = new Thread(this::runLoop, "fl-node-" + nodeName);
        loop.setDaemon(true);
        loop.start();
        heartbeats = new Thread(this::heartbeatLoop, "fl-heartbeat-" + nodeName);
        heartbeats.setDaemon(true);
        heartbeats.start();
        return this;
    }

    public long fitted() {
        return fitted.get();
    }

    public long evaluated() {
        return evaluated.get();
    }

    public long rejected() {
        return rejected.get();
    }

    public long reconnects() {
        return reconnects.get();
    }

    @Override
    public void close() {
        running = false;
        for (Thread t : new Thread[] {loop, heartbeats}) {
            if (t != null) {
                t.interrupt();
                try {
                    t.join(5_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        if (ownsChannel) {
            channel.shutdownNow();
        }
    }

    /**
     * Steps until closed. Every failure (a lost connection, a refused or broken upload, an exception of the trainer) backs
     * off and tries again: a node leaves only when {@link #close()} asks it to. This thread is the node's own, and so is
     * its interrupt policy: an interrupt means stop only together with {@code running == false}; one that close() did not
     * send (a library that restored a flag it had caught) is cleared and costs at most the step it broke.
     */
    private void runLoop() {
        while (running) {
            Thread.interrupted();
            try {
                step();
                backoff.reset();
                continue;
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() == Status.Code.UNAUTHENTICATED) {
                    session = null;
                }
                reconnects.incrementAndGet();
                LOG.log(Level.FINE, "node " + nodeName + ": " + e.getStatus() + "; backing off", e);
            } catch (Exception e) {
                if (!running) {
                    return;
                }
                LOG.log(Level.WARNING, "node " + nodeName + ": step failed; backing off", e);
            }
            pause(backoff.nextDelayMs());
        }
    }

    private void step() throws Exception {
        if (session == null) {
            RegisterReply r = blocking.withDeadlineAfter(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS).register(RegisterRequest.newBuilder()
                    .setProtocolVersion(ProtocolVersion.PROTOCOL_VERSION_1).setFederation(federation).setJoinToken(joinToken)
                    .setNodeName(nodeName).putAllProperties(properties).build());
            session = r.getSession();
            heartbeatMs = Math.max(10, r.getHeartbeatIntervalMs());
        }
        PullReply reply = blocking.withDeadlineAfter(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .pullInstruction(PullRequest.newBuilder().setSession(session).build());
        if (reply.hasWait()) {
            pause(Math.max(1, reply.getWait().getRetryAfterMs()));
            return;
        }
        execute(reply.getInstruction());
    }

    private void execute(Instruction in) throws Exception {
        long timeLeft = in.getDeadlineUnixMs() - System.currentTimeMillis();
        if (timeLeft <= 0) {
            return;
        }
        ResultHeader.Builder header = ResultHeader.newBuilder().setSession(session).setTaskId(in.getTaskId()).setRound(in.getRound())
                .setKind(in.getKind()).setModelVersion(in.getModelVersion());
        PushReply pushed;
        switch (in.getKind()) {
            case EVALUATE -> {
                LocalTrainer.EvaluateResult r = trainer.evaluate(download(in, timeLeft), config(in));
                pushed = push(header.setNumExamples(r.numExamples()).putAllMetrics(r.metrics()).build(), ResultPush.Pieces.NONE, in.getDeadlineUnixMs());
                evaluated.incrementAndGet();
            }
            case SECAGG_SETUP, SECAGG_SHARE, SECAGG_MASK, SECAGG_UNMASK -> {
                try {
                    pushed = secureStage(in, header, timeLeft);
                } catch (SecAggException e) {
                    secure = null;
                    LOG.warning("node " + nodeName + " drops out of secure round " + in.getRound() + ": " + e.getMessage());
                    return;
                }
            }
            default -> {
                List<NamedTensor> weights = download(in, timeLeft);
                Config config = config(in);
                LocalTrainer.FitResult r = privacy.apply(weights, trainer.fit(weights, config), config);
                pushed = push(header.setNumExamples(r.numExamples()).putAllMetrics(r.metrics()).build(),
                        sink -> TensorCodec.split(r.weights(), sink), in.getDeadlineUnixMs());
                fitted.incrementAndGet();
            }
        }
        if (!pushed.getAccepted()) {
            rejected.incrementAndGet();
            LOG.info("node " + nodeName + ": result for round " + in.getRound() + " rejected: " + pushed.getReason());
        }
    }

    /** One stage of secure aggregation; the trained update is masked before anything of it is sent. */
    private PushReply secureStage(Instruction in, ResultHeader.Builder header, long timeLeft) throws Exception {
        if (in.getKind() == InstructionKind.SECAGG_SETUP) {
            secure = SecureSession.setup(in);
            return push(header.setSecagg(ByteString.copyFrom(secure.advertise())).build(), ResultPush.Pieces.NONE, in.getDeadlineUnixMs());
        }
        SecureSession s = secure;
        if (s == null || !s.isFor(in)) {
            throw new SecAggException(SecAggException.Reason.WRONG_STAGE, in.getKind() + " without a setup for this round");
        }
        switch (in.getKind()) {
            case SECAGG_SHARE -> {
                return push(header.setSecagg(ByteString.copyFrom(s.share(in))).build(), ResultPush.Pieces.NONE, in.getDeadlineUnixMs());
            }
            case SECAGG_MASK -> {
                List<NamedTensor> global = download(in, timeLeft);
                Config config = config(in);
                LocalTrainer.FitResult r = privacy.apply(global, trainer.fit(global, config), config);
                long weight = s.weight(r.numExamples());
                int[] masked = s.mask(in, global, r.weights(), weight, s.appended(config, r.metrics()));
                fitted.incrementAndGet();
                return push(header.setNumExamples(weight).putAllMetrics(ClientPrivacy.inClear(r.metrics())).build(),
                        sink -> TensorCodec.splitMasked(masked, sink), in.getDeadlineUnixMs());
            }
            default -> {
                secure = null;
                return push(header.setSecagg(ByteString.copyFrom(s.unmask(in))).build(), ResultPush.Pieces.NONE, in.getDeadlineUnixMs());
            }
        }
    }

    private List<NamedTensor> download(Instruction in, long timeLeft) {
        return TensorCodec.assemble(blocking.withDeadlineAfter(timeLeft, TimeUnit.MILLISECONDS)
                .downloadModel(DownloadRequest.newBuilder().setSession(session).setTaskId(in.getTaskId()).setModelRef(in.getModelRef()).build()));
    }

    /** Pushes the header, then whatever pieces {@code pieces} hands to its sink, with flow control. */
    private PushReply push(ResultHeader header, ResultPush.Pieces pieces, long deadlineMs) throws InterruptedException {
        long timeLeft = Math.max(1, deadlineMs - System.currentTimeMillis());
        ResultPush call = new ResultPush();
        async.withDeadlineAfter(timeLeft, TimeUnit.MILLISECONDS).pushResult(call);
        return call.send(header, pieces, timeLeft + 1_000);
    }

    private void heartbeatLoop() {
        while (running) {
            pause(heartbeatMs);
            Session s = session;
            if (s != null && running) {
                try {
                    heartbeatMs = Math.max(10, blocking.withDeadlineAfter(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                            .heartbeat(HeartbeatRequest.newBuilder().setSession(s).build()).getHeartbeatIntervalMs());
                } catch (RuntimeException e) {
                    LOG.log(Level.FINE, "heartbeat failed: " + Status.fromThrowable(e));
                }
            }
        }
    }

    private static Config config(Instruction in) {
        Map<String, Object> values = new LinkedHashMap<>();
        in.getConfigMap().forEach((k, v) -> values.put(k, switch (v.getValueCase()) {
            case DOUBLE_VALUE -> v.getDoubleValue();
            case INT_VALUE -> v.getIntValue();
            case BOOL_VALUE -> v.getBoolValue();
            case STRING_VALUE -> v.getStringValue();
            case VALUE_NOT_SET -> "";
        }));
        return new Config(values);
    }

    /** Sleeps up to {@code ms}; any interrupt ends it early, and the loops then look at {@code running} (see runLoop). */
    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            // not restored: close() sets running before it interrupts, and the caller's loop checks running next
        }
    }

    /** Settings of a node; federation, join token, node name and trainer are required. */
    public static final class Builder {
        private final ManagedChannel channel;
        private final boolean ownsChannel;
        private String federation;
        private String joinToken;
        private String nodeName;
        /** Capabilities and what runs the node, shown on the federation's page; {@link #property} adds to them. */
        private final Map<String, Scalar> properties = new LinkedHashMap<>(Map.of("secagg", Scalar.newBuilder().setBoolValue(true).build(),
                "dp", Scalar.newBuilder().setBoolValue(true).build(),
                "sdk", Scalar.newBuilder().setStringValue("chorus-java").build(),
                "language", Scalar.newBuilder().setStringValue("Java " + Runtime.version().feature()).build()));
        private LocalTrainer trainer;
        private long initialBackoffMs = 200;
        private long maxBackoffMs = 30_000;

        private Builder(ManagedChannel channel, boolean ownsChannel) {
            this.channel = channel;
            this.ownsChannel = ownsChannel;
        }

        public Builder federation(String name, String joinToken) {
            this.federation = name;
            this.joinToken = joinToken;
            return this;
        }

        public Builder nodeName(String name) {
            this.nodeName = name;
            return this;
        }

        /** A fact reported at registration (recorded in the model card's data partition table). */
        public Builder property(String key, String value) {
            properties.put(key, Scalar.newBuilder().setStringValue(value).build());
            return this;
        }

        public Builder trainer(LocalTrainer trainer) {
            this.trainer = trainer;
            return this;
        }

        public Builder backoff(long initialMs, long maxMs) {
            this.initialBackoffMs = initialMs;
            this.maxBackoffMs = maxMs;
            return this;
        }

        public FederatedClient build() {
            if (federation == null || joinToken == null || nodeName == null || trainer == null) {
                throw new IllegalStateException("federation, join token, node name and trainer are required");
            }
            return new FederatedClient(this);
        }
    }
}
