package org.chorus.client.federated;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.chorus.federated.proto.v1.FederationGrpc;
import org.junit.jupiter.api.Test;

/** A node leaves only when closed: an upload that breaks in round 1, however it breaks, costs round 1 and nothing more. */
class NodeStaysAfterAFailedUploadTest {

    /** Adds the round number to every weight, and runs {@code duringRound1} inside round 1's training. */
    record Trainer(Runnable duringRound1) implements LocalTrainer {
        @Override
        public FitResult fit(List<NamedTensor> weights, Config config) {
            long round = config.getLong("round", -1);
            if (round == 1) {
                duringRound1.run();
            }
            List<NamedTensor> out = new ArrayList<>();
            for (NamedTensor t : weights) {
                float[] v = t.values().clone();
                for (int i = 0; i < v.length; i++) {
                    v[i] += round;
                }
                out.add(new NamedTensor(t.name(), t.shape(), v));
            }
            return new FitResult(out, 10, Map.of("loss", 1.0));
        }

        @Override
        public EvaluateResult evaluate(List<NamedTensor> weights, Config config) {
            return new EvaluateResult(10, Map.of());
        }
    }

    /** Runs one node against a coordinator that aborts uploads of the rounds {@code aborted} names; returns the coordinator when round 3 is over. */
    static ScriptedCoordinator runThreeRounds(java.util.function.LongPredicate aborted, ClientInterceptor interceptor, Runnable duringRound1)
            throws Exception {
        ScriptedCoordinator coordinator = new ScriptedCoordinator(3, aborted);
        ManagedChannel channel = NettyChannelBuilder.forAddress("localhost", coordinator.port()).usePlaintext().intercept(interceptor).build();
        FederatedClient node = FederatedClient.builder(channel).federation("fed", "hf_token").nodeName("n1")
                .trainer(new Trainer(duringRound1)).backoff(10, 50).build().start();
        try {
            coordinator.awaitRoundOver(3, 30);
        } finally {
            node.close();
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            coordinator.close();
        }
        return coordinator;
    }

    static final ClientInterceptor NONE = new ClientInterceptor() {
        @Override
        public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
            return next.newCall(method, options);
        }
    };

    @Test
    void anUploadTheCoordinatorAbortsMidStreamCostsOnlyThatRound() throws Exception {
        // Execute: the coordinator aborts round 1's upload after its first piece
        ScriptedCoordinator c = runThreeRounds(r -> r == 1, NONE, () -> {});

        // Assert
        assertThat(c.lost).containsOnlyKeys(1L);
        assertThat(c.accepted).containsOnlyKeys(2L, 3L);
        assertThat(c.accepted.get(2L)).containsExactly(3, 4, 5, 6);
    }

    @Test
    void anUploadCallCancelledUnderTheNodeCostsOnlyThatRound() throws Exception {
        // Prepare: round 1's upload call is cancelled after its header, so gRPC refuses the next piece with an
        // IllegalStateException ("call was cancelled"), which the node once took for its own interruption and left
        AtomicBoolean once = new AtomicBoolean();
        ClientInterceptor cancelsFirstUpload = new ClientInterceptor() {
            @Override
            public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
                ClientCall<Q, R> call = next.newCall(method, options);
                if (!method.getFullMethodName().equals(FederationGrpc.getPushResultMethod().getFullMethodName()) || !once.compareAndSet(false, true)) {
                    return call;
                }
                return new ForwardingClientCall.SimpleForwardingClientCall<>(call) {
                    private int sent;

                    @Override
                    public void sendMessage(Q message) {
                        if (++sent == 2) {
                            cancel("cancelled under the node", null);
                        }
                        super.sendMessage(message);
                    }
                };
            }
        };

        // Execute
        ScriptedCoordinator c = runThreeRounds(r -> false, cancelsFirstUpload, () -> {});

        // Assert: the coordinator saw the cancelled upload (before or after its header arrived); the node went on
        assertThat(c.lost.values()).singleElement().asString().contains("CANCELLED");
        assertThat(c.accepted).containsKeys(2L, 3L);
    }

    @Test
    void anInterruptTheNodeDidNotAskForDoesNotEndIt() throws Exception {
        // Execute: round 1's training leaves its thread's interrupt flag set (a library restoring a flag it caught)
        ScriptedCoordinator c = runThreeRounds(r -> false, NONE, () -> Thread.currentThread().interrupt());

        // Assert: round 1 may or may not have arrived, depending on where the flag was noticed; the node stayed
        assertThat(c.accepted).containsKeys(2L, 3L);
        assertThat(c.accepted.get(3L)).containsExactly(4, 5, 6, 7);
    }
}
