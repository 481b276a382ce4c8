package org.chorus.federated;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.chorus.federated.proto.v1.DownloadRequest;
import org.chorus.federated.proto.v1.FederationGrpc;
import org.chorus.federated.proto.v1.HeartbeatRequest;
import org.chorus.federated.proto.v1.PullRequest;
import org.chorus.federated.proto.v1.ResultHeader;
import org.chorus.federated.proto.v1.ResultPart;
import org.chorus.federated.proto.v1.Scalar;
import org.chorus.federated.proto.v1.Session;
import org.chorus.federated.proto.v1.TensorPiece;

/**
 * Fuzzes the federated gRPC endpoint over TCP, started once for the class: random bytes, valid messages with their
 * bytes mutated, and well-formed uploads with random fields, against a coordinator whose task has all 40 of its nodes
 * selected, so results reach admission and the assemblers. Whatever arrives, the call ends before its deadline (no
 * hang) with a status a client's error may have (never UNKNOWN, INTERNAL, DATA_LOSS: gRPC's 5xx), gRPC logs no stack
 * trace, and an honest node is still served. Tries are bounded so the class runs in seconds.
 */
class FederationFuzzTest {
    private static final Set<Status.Code> SERVER_FAULTS = EnumSet.of(Status.Code.UNKNOWN, Status.Code.INTERNAL, Status.Code.DATA_LOSS,
            Status.Code.DEADLINE_EXCEEDED, Status.Code.UNIMPLEMENTED, Status.Code.UNAVAILABLE, Status.Code.CANCELLED);
    private static final int NODES = 40;
    /** Liveness of 30 minutes: nodes the fuzzer has not used for a while are still selected. */
    private static final Coordinator.CoordinatorConfig PATIENT = new Coordinator.CoordinatorConfig(600_000, 20, 1_000_000);

    private static Path dir;
    private static Fixtures fixtures;
    private static Coordinator coordinator;
    private static FederatedServer server;
    private static ManagedChannel channel;
    private static GrpcWarnings grpc;
    private static String token;
    private static String taskId;
    private static String modelRef;
    private static final List<RawNode> nodes = new ArrayList<>();
    private static RawNode honest;

    @BeforeContainer
    static void start() throws Exception {
        dir = Files.createTempDirectory("federation-fuzz");
        fixtures = new Fixtures(dir);
        coordinator = fixtures.start(PATIENT);
        server = FederatedServer.tcp(coordinator, 0);
        channel = NettyChannelBuilder.forAddress("localhost", server.port()).usePlaintext().build();
        grpc = new GrpcWarnings();
        token = coordinator.createFederation("fed");
        for (int i = 0; i < NODES; i++) {
            nodes.add(new RawNode(channel, "fed", token, "n" + i));
        }
        honest = new RawNode(channel, "fed", token, "honest");
        taskId = coordinator.startTask(TaskSpec.builder("fed", "fuzzed", Fixtures.BASE, "main").rounds(100_000).clients(NODES + 1, 1, 1.0)
                .roundTimeoutMs(600_000).maxAttempts(100_000).evaluateEvery(0).build());
        modelRef = RefusesHostileNodeInputContract.awaitInstruction(honest).getModelRef();
    }

    @AfterContainer
    static void stop() throws IOException {
        channel.shutdownNow();
        server.close();
        coordinator.close();
        grpc.close();
        fixtures.close();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Property(tries = 200, shrinking = ShrinkingMode.BOUNDED)
    void anyBytesToAnyMethod(@ForAll("methods") MethodDescriptor<?, ?> method, @ForAll @Size(min = 1, max = 4) List<@Size(max = 200) byte[]> messages)
            throws InterruptedException {
        assertClientErrorAtWorst(method, messages);
    }

    @Property(tries = 300, shrinking = ShrinkingMode.BOUNDED)
    void validMessagesWithMutatedBytes(@ForAll("methods") MethodDescriptor<?, ?> method, @ForAll @IntRange(min = 0, max = NODES - 1) int node,
                                       @ForAll long seed, @ForAll @IntRange(min = 1, max = 6) int mutations) throws InterruptedException {
        List<byte[]> messages = valid(method, nodes.get(node));
        Random random = new Random(seed);
        int which = random.nextInt(messages.size());
        byte[] bytes = messages.get(which);
        for (int i = 0; i < mutations; i++) {
            bytes = mutate(bytes, random);
        }
        messages.set(which, bytes);
        assertClientErrorAtWorst(method, messages);
    }

    @Property(tries = 200, shrinking = ShrinkingMode.BOUNDED)
    void wellFormedUploadsWithRandomFields(@ForAll("headers") ResultHeader header, @ForAll @Size(max = 6) List<@From("pieces") TensorPiece> pieces)
            throws InterruptedException {
        List<byte[]> messages = new ArrayList<>();
        messages.add(ResultPart.newBuilder().setHeader(header).build().toByteArray());
        pieces.forEach(p -> messages.add(ResultPart.newBuilder().setPiece(p).build().toByteArray()));
        assertClientErrorAtWorst(FederationGrpc.getPushResultMethod(), messages);
    }

    private static void assertClientErrorAtWorst(MethodDescriptor<?, ?> method, List<byte[]> messages) throws InterruptedException {
        Status status = RawCalls.call(channel, method, messages, 10);
        assertThat(status.getCode()).as("%s ended with %s", method.getBareMethodName(), status).isNotIn(SERVER_FAULTS);
        assertThat(grpc.drain()).isEmpty();
        assertThat(RawCalls.call(channel, FederationGrpc.getHeartbeatMethod(),
                List.of(HeartbeatRequest.newBuilder().setSession(honest.session).build().toByteArray()), 10).isOk()).isTrue();
    }

    /** A well-formed call of {@code method} by {@code node} (registration with its own name: its session stays valid). */
    private static List<byte[]> valid(MethodDescriptor<?, ?> method, RawNode node) {
        Session s = node.session;
        List<byte[]> out = new ArrayList<>();
        switch (method.getBareMethodName()) {
            case "Register" -> out.add(RefusesHostileNodeInputContract.registration("fed", token, "x" + s.getNodeId())
                    .putProperties("examples", Scalar.newBuilder().setIntValue(10).build()).build().toByteArray());
            case "Heartbeat" -> out.add(HeartbeatRequest.newBuilder().setSession(s).build().toByteArray());
            case "PullInstruction" -> out.add(PullRequest.newBuilder().setSession(s).build().toByteArray());
            case "DownloadModel" -> out.add(DownloadRequest.newBuilder().setSession(s).setTaskId(taskId).setModelRef(modelRef).build().toByteArray());
            default -> {
                out.add(ResultPart.newBuilder().setHeader(node.header(taskId, coordinator.task(taskId).completedRounds() + 1)
                        .putMetrics("loss", 0.5)).build().toByteArray());
                RejectsBadResultsTest.good(1f).forEach(p -> out.add(ResultPart.newBuilder().setPiece(p).build().toByteArray()));
            }
        }
        return out;
    }

    private static byte[] mutate(byte[] b, Random random) {
        if (b.length == 0) {
            return new byte[] {(byte) random.nextInt()};
        }
        int at = random.nextInt(b.length);
        return switch (random.nextInt(5)) {
            case 0 -> {
                byte[] c = b.clone();
                c[at] ^= (byte) (1 << random.nextInt(8));
                yield c;
            }
            case 1 -> {
                byte[] c = b.clone();
                c[at] = (byte) random.nextInt();
                yield c;
            }
            case 2 -> Arrays.copyOf(b, at);
            case 3 -> {
                byte[] c = new byte[b.length + 1];
                System.arraycopy(b, 0, c, 0, at);
                c[at] = (byte) random.nextInt();
                System.arraycopy(b, at, c, at + 1, b.length - at);
                yield c;
            }
            default -> {
                int len = 1 + random.nextInt(Math.min(16, b.length - at));
                byte[] c = new byte[b.length + len];
                System.arraycopy(b, 0, c, 0, at + len);
                System.arraycopy(b, at, c, at + len, b.length - at);
                yield c;
            }
        };
    }

    @Provide
    Arbitrary<MethodDescriptor<?, ?>> methods() {
        return Arbitraries.of(RawCalls.METHODS);
    }

    @Provide
    Arbitrary<ResultHeader> headers() {
        Arbitrary<Session> session = Arbitraries.oneOf(Arbitraries.of(nodes).map(n -> n.session),
                Arbitraries.strings().ofMaxLength(30).map(id -> Session.newBuilder().setNodeId(id).setSessionToken(id).build()));
        Arbitrary<String> task = Arbitraries.oneOf(Arbitraries.just(taskId), Arbitraries.strings().ofMaxLength(30));
        Arbitrary<Long> round = Arbitraries.oneOf(Arbitraries.longs().between(-2, 5), Arbitraries.longs(),
                Arbitraries.of(Integer.MAX_VALUE + 1L, Long.MIN_VALUE, Long.MAX_VALUE));
        Arbitrary<Integer> kind = Arbitraries.integers().between(-1, 8);
        Arbitrary<Map<String, Double>> metrics = Arbitraries.maps(Arbitraries.strings().all().ofMaxLength(12),
                Arbitraries.oneOf(Arbitraries.doubles(), Arbitraries.of(Double.NaN, Double.NEGATIVE_INFINITY, -0.0))).ofMaxSize(70);
        Arbitrary<byte[]> secagg = Arbitraries.bytes().array(byte[].class).ofMaxSize(64);
        return Combinators.combine(session, task, round, kind, Arbitraries.longs(), metrics, Arbitraries.longs(), secagg)
                .as((s, t, r, k, examples, m, version, sa) -> ResultHeader.newBuilder().setSession(s).setTaskId(t).setRound(r).setKindValue(k)
                        .setNumExamples(examples).putAllMetrics(m).setModelVersion(version).setSecagg(ByteString.copyFrom(sa)).build());
    }

    @Provide
    Arbitrary<TensorPiece> pieces() {
        Arbitrary<String> name = Arbitraries.oneOf(Arbitraries.of("fc.weight", "fc.bias", MaskedAssembler.NAME), Arbitraries.strings().ofMaxLength(12));
        Arbitrary<List<Long>> shape = Arbitraries.oneOf(Arbitraries.of(List.of(2L, 3L), List.of(3L)),
                Arbitraries.longs().list().ofMaxSize(4));
        Arbitrary<Long> offset = Arbitraries.oneOf(Arbitraries.longs().between(-4, 32), Arbitraries.longs());
        Arbitrary<byte[]> data = Arbitraries.bytes().array(byte[].class).ofMaxSize(40);
        return Combinators.combine(name, Arbitraries.integers().between(-1, 4), shape, offset, data)
                .as((n, dtype, sh, off, d) -> TensorPiece.newBuilder().setName(n).setDtypeValue(dtype).addAllShape(sh).setOffset(off)
                        .setData(ByteString.copyFrom(d)).build());
    }
}
