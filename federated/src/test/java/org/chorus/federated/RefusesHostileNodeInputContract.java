package org.chorus.federated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.chorus.core.db.Database;
import org.chorus.federated.proto.v1.FederationGrpc;
import org.chorus.federated.proto.v1.HeartbeatRequest;
import org.chorus.federated.proto.v1.Instruction;
import org.chorus.federated.proto.v1.ProtocolVersion;
import org.chorus.federated.proto.v1.PushReply;
import org.chorus.federated.proto.v1.RegisterRequest;
import org.chorus.federated.proto.v1.Scalar;
import org.chorus.federated.proto.v1.Session;
import org.chorus.federated.proto.v1.TensorPiece;
import org.chorus.federated.tensor.Safetensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile node input over TCP (so gRPC's own limits apply), on each database: every refusal is a gRPC status or a
 * rejected result with a reason, gRPC logs no stack trace, and a round under attack completes with the honest update.
 */
abstract class RefusesHostileNodeInputContract {
    @TempDir
    Path dir;

    abstract Database newDatabase(Path dir);

    static RegisterRequest.Builder registration(String federation, String token, String name) {
        return RegisterRequest.newBuilder().setProtocolVersion(ProtocolVersion.PROTOCOL_VERSION_1).setFederation(federation).setJoinToken(token)
                .setNodeName(name);
    }

    static Status status(Runnable call) {
        try {
            call.run();
            return Status.OK;
        } catch (StatusRuntimeException e) {
            return e.getStatus();
        }
    }

    @Test
    void registrationRefusesWrongTokensAndNamesAndSessionsAsTheClientsError() {
        try (Fixtures f = new Fixtures(dir, newDatabase(dir)); Fixtures.Running r = f.runningTcp(); GrpcWarnings grpc = new GrpcWarnings()) {
            // Prepare
            var stub = FederationGrpc.newBlockingStub(r.channel());
            String otherToken = r.coordinator().createFederation("other");
            Map<String, Scalar> tooMany = new HashMap<>();
            for (int i = 0; i <= NodeInputs.MAX_PROPERTIES; i++) {
                tooMany.put("p" + i, Scalar.newBuilder().setIntValue(i).build());
            }
            RawNode honest = new RawNode(r.channel(), "fed", r.token(), "honest");

            // Execute
            Map<String, Status> refused = new java.util.LinkedHashMap<>();
            refused.put("wrong token", status(() -> stub.register(registration("fed", "hf_wrong", "n").build())));
            refused.put("other federation's token", status(() -> stub.register(registration("fed", otherToken, "n").build())));
            refused.put("no token", status(() -> stub.register(registration("fed", "", "n").build())));
            refused.put("unknown federation", status(() -> stub.register(registration("nope", r.token(), "n").build())));
            refused.put("NUL in federation", status(() -> stub.register(registration("fed\u0000", r.token(), "n").build())));
            refused.put("NUL in name", status(() -> stub.register(registration("fed", r.token(), "n\u0000").build())));
            refused.put("newline in name", status(() -> stub.register(registration("fed", r.token(), "n\nINFO forged line").build())));
            refused.put("bidi override in name", status(() -> stub.register(registration("fed", r.token(), "\u202Eevil").build())));
            refused.put("long name", status(() -> stub.register(registration("fed", r.token(), "n".repeat(129)).build())));
            refused.put("too many properties", status(() -> stub.register(registration("fed", r.token(), "n").putAllProperties(tooMany).build())));
            refused.put("long property", status(() -> stub.register(registration("fed", r.token(), "n")
                    .putProperties("p", Scalar.newBuilder().setStringValue("x".repeat(1025)).build()).build())));
            refused.put("old protocol", status(() -> stub.register(registration("fed", r.token(), "n")
                    .setProtocolVersion(ProtocolVersion.PROTOCOL_VERSION_UNSPECIFIED).build())));
            refused.put("NUL in node id", status(() -> stub.heartbeat(HeartbeatRequest.newBuilder()
                    .setSession(Session.newBuilder().setNodeId("\u0000").setSessionToken(honest.session.getSessionToken())).build())));
            refused.put("another node's session", status(() -> stub.heartbeat(HeartbeatRequest.newBuilder()
                    .setSession(Session.newBuilder().setNodeId(honest.session.getNodeId()).setSessionToken(otherToken)).build())));
            Status stillServing = status(() -> stub.heartbeat(HeartbeatRequest.newBuilder().setSession(honest.session).build()));

            // Assert
            assertThat(refused).hasEntrySatisfying("wrong token", s -> assertThat(s.getDescription()).isEqualTo("unknown federation or wrong join token"));
            for (String c : List.of("wrong token", "other federation's token", "no token", "unknown federation", "NUL in federation",
                    "NUL in node id", "another node's session")) {
                assertThat(refused.get(c).getCode()).as(c).isEqualTo(Status.Code.UNAUTHENTICATED);
            }
            for (String c : List.of("NUL in name", "newline in name", "bidi override in name", "long name", "too many properties",
                    "long property", "old protocol")) {
                assertThat(refused.get(c).getCode()).as(c).isEqualTo(Status.Code.INVALID_ARGUMENT);
            }
            assertThat(refused.get("newline in name").getDescription()).isEqualTo("node name contains control or format characters");
            assertThat(stillServing.isOk()).isTrue();
            assertThat(grpc.records()).isEmpty();
        }
    }

    @Test
    void malformedAndOversizedMessagesAreRefusedWithoutAStackTraceAndTheEndpointKeepsServing() throws Exception {
        try (Fixtures f = new Fixtures(dir, newDatabase(dir)); Fixtures.Running r = f.runningTcp(); GrpcWarnings grpc = new GrpcWarnings()) {
            // Prepare: bytes no protobuf parser accepts (a truncated field, an invalid wire type), and a message over 4 MiB
            List<byte[]> malformed = List.of(new byte[] {0x0a, 0x7f}, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff});
            byte[] huge = registration("fed", r.token(), "n").putProperties("p", Scalar.newBuilder().setStringValue("x".repeat(5 << 20)).build())
                    .build().toByteArray();

            // Execute
            Map<String, Status> statuses = new java.util.LinkedHashMap<>();
            for (var method : RawCalls.METHODS) {
                for (byte[] bytes : malformed) {
                    statuses.put(method.getBareMethodName() + " " + bytes.length, RawCalls.call(r.channel(), method, List.of(bytes), 10));
                }
                statuses.put(method.getBareMethodName() + " huge", RawCalls.call(r.channel(), method, List.of(huge), 10));
            }
            RawNode after = new RawNode(r.channel(), "fed", r.token(), "after");

            // Assert
            statuses.forEach((call, s) -> assertThat(s.getCode()).as(call).isEqualTo(call.endsWith("huge") ? Status.Code.RESOURCE_EXHAUSTED
                    : Status.Code.INVALID_ARGUMENT));
            assertThat(statuses.get("Register 2").getDescription()).startsWith("malformed Register message: ");
            assertThat(after.session.getNodeId()).isNotEmpty();
            assertThat(grpc.records()).isEmpty();
        }
    }

    @Test
    void hostileResultsAreRefusedWithAReasonAndTheRoundCompletesWithTheHonestUpdate() throws Exception {
        try (Fixtures f = new Fixtures(dir, newDatabase(dir)); Fixtures.Running r = f.runningTcp(); GrpcWarnings grpc = new GrpcWarnings()) {
            // Prepare: two selected nodes, honest and hostile, and a node of another federation
            Coordinator c = r.coordinator();
            RawNode honest = new RawNode(r.channel(), "fed", r.token(), "honest");
            RawNode hostile = new RawNode(r.channel(), "fed", r.token(), "hostile");
            RawNode spy = new RawNode(r.channel(), "other", c.createFederation("other"), "spy");
            String taskId = c.startTask(TaskSpec.builder("fed", "attacked", Fixtures.BASE, "main").rounds(1).clients(2, 1, 1.0)
                    .roundTimeoutMs(30_000).evaluateEvery(0).build());
            Instruction in = awaitInstruction(honest);
            awaitInstruction(hostile);
            long round = in.getRound();
            Map<String, Double> manyMetrics = new HashMap<>();
            for (int i = 0; i <= NodeInputs.MAX_METRICS; i++) {
                manyMetrics.put("m" + i, 1.0);
            }
            List<TensorPiece> emptyPieces = new ArrayList<>(Collections.nCopies(1000, RawNode.piece("fc.weight", RejectsBadResultsTest.W)));

            // Execute
            Map<String, PushReply> refused = new java.util.LinkedHashMap<>();
            refused.put("round beyond int", hostile.push(hostile.header(taskId, 1L << 40).build(), RejectsBadResultsTest.good(9f), false));
            refused.put("negative round", hostile.push(hostile.header(taskId, -1).build(), RejectsBadResultsTest.good(9f), false));
            refused.put("metric name tracking refuses", hostile.push(hostile.header(taskId, round).putMetrics("loss\n../x", 1.0).build(),
                    RejectsBadResultsTest.good(9f), false));
            refused.put("too many metrics", hostile.push(hostile.header(taskId, round).putAllMetrics(manyMetrics).build(),
                    RejectsBadResultsTest.good(9f), false));
            refused.put("honest node's id", hostile.push(hostile.header(taskId, round)
                    .setSession(Session.newBuilder().setNodeId(honest.session.getNodeId()).setSessionToken(hostile.session.getSessionToken())).build(),
                    RejectsBadResultsTest.good(9f), false));
            refused.put("unknown task", hostile.push(hostile.header("t\nINFO forged log line", round).build(), RejectsBadResultsTest.good(9f), false));
            Status spied = status(() -> spy.download(taskId, in.getModelRef()));
            refused.put("a thousand empty pieces", hostile.push(hostile.header(taskId, round).build(), emptyPieces, false));
            PushReply accepted = honest.push(taskId, round, RejectsBadResultsTest.good(2f), false);
            PushReply replayed = honest.push(taskId, round, RejectsBadResultsTest.good(2f), false);
            Coordinator.TaskView done = c.await(taskId, Duration.ofSeconds(30));
            r.stop();

            // Assert
            assertThat(refused.values()).noneMatch(PushReply::getAccepted);
            assertThat(refused.get("round beyond int").getReason()).isEqualTo("round 1099511627776 does not exist");
            assertThat(refused.get("metric name tracking refuses").getReason()).startsWith("metric name 'loss\\u000a../x' is not 1 to 200");
            assertThat(refused.get("too many metrics").getReason()).isEqualTo("65 metrics; at most 64 are accepted");
            assertThat(refused.get("honest node's id").getReason()).contains("unknown node or session");
            assertThat(refused.get("unknown task").getReason()).as("logged, so escaped").isEqualTo("task t\\u000aINFO forged log line has no open round");
            assertThat(refused.get("a thousand empty pieces").getReason()).contains("with 0 bytes does not continue it");
            assertThat(spied.getCode()).isEqualTo(Status.Code.NOT_FOUND);
            assertThat(accepted.getAccepted()).isTrue();
            assertThat(replayed.getReason()).as("refused as a duplicate, or because the round it replays has ended").containsAnyOf("duplicate", "has no open round");
            assertThat(done.status()).isEqualTo("completed");
            assertThat(done.rounds().getFirst().participants()).isEqualTo(1);
            assertThat(done.rounds().getFirst().failures()).isEqualTo(1);
            assertThat(Safetensors.read(f.store.load(taskId, 1).orElseThrow()).weights().values()).containsOnly(2f);
            assertThat(grpc.records()).isEmpty();
        }
    }

    static Instruction awaitInstruction(RawNode node) throws InterruptedException {
        for (int tries = 0; tries < 1000; tries++) {
            Instruction in = node.pull();
            if (in != null) {
                return in;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no instruction");
    }
}
