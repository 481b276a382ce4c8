package org.chorus.federated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.chorus.core.ChorusException;
import org.chorus.federated.proto.v1.Instruction;
import org.chorus.federated.proto.v1.PushReply;
import org.chorus.federated.tensor.Safetensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RejectsUpdatesBeyondTheTaskBoundsTest {
    @TempDir
    Path dir;

    /** Starts the task on {@code n} raw nodes, every one selected, and returns them once each has its instruction. */
    record Started(Coordinator c, FederatedServer server, ManagedChannel channel, String taskId, List<RawNode> nodes, Instruction instruction) {
        void close() {
            channel.shutdownNow();
            server.close();
            c.close();
        }
    }

    static Started start(Fixtures f, String name, int n, TaskSpec.Builder spec) throws Exception {
        Coordinator c = f.start();
        FederatedServer server = FederatedServer.inProcess(c, name);
        ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
        String token = c.createFederation("fed");
        List<RawNode> nodes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            nodes.add(new RawNode(channel, "fed", token, "n" + i));
        }
        String taskId = c.startTask(spec.build());
        Instruction instruction = null;
        for (RawNode node : nodes) {
            Instruction in = null;
            for (int tries = 0; tries < 500 && in == null; tries++) {
                in = node.pull();
                Thread.sleep(in == null ? 10 : 0);
            }
            assertThat(in).as("node was handed the round").isNotNull();
            instruction = in;
        }
        return new Started(c, server, channel, taskId, nodes, instruction);
    }

    @Test
    void aClientClaimingMoreExamplesThanTheBoundIsRejectedAndAnUpdateIsNormBounded() throws Exception {
        // Prepare: at most 10 examples per client, updates bounded to ‖Δ‖ ≤ 0.3
        try (Fixtures f = new Fixtures(dir)) {
            Started s = start(f, "weight-bound", 2, TaskSpec.builder("fed", "bounds", Fixtures.BASE, "main").rounds(1).clients(2, 1, 1.0)
                    .roundTimeoutMs(20_000).evaluateEvery(0).maxExamplesPerClient(10).normBound(0.3));
            long round = s.instruction().getRound();

            // Execute
            PushReply liar = s.nodes().get(0).push(s.taskId(), round, RejectsBadResultsTest.good(7f), false, 1_000_000);
            PushReply honest = s.nodes().get(1).push(s.taskId(), round, RejectsBadResultsTest.good(7f), false, 10);
            Coordinator.TaskView done = s.c().await(s.taskId(), Duration.ofSeconds(30));
            s.close();

            // Assert
            assertThat(liar.getAccepted()).isFalse();
            assertThat(liar.getReason()).isEqualTo("num_examples 1000000 exceeds the task's bound of 10 per client");
            assertThat(honest.getAccepted()).isTrue();
            assertThat(done.rounds().get(0).participants()).isEqualTo(1);
            assertThat(done.rounds().get(0).failures()).isEqualTo(1);
            // the accepted update moved every coordinate from 0.5 − 0.1i to 7: only 0.3 of that distance remains
            float[] base = f.initial.values();
            float[] model = Safetensors.read(f.store.load(s.taskId(), 1).orElseThrow()).weights().values();
            double norm = 0;
            double moved = 0;
            for (int i = 0; i < base.length; i++) {
                norm += (7.0 - base[i]) * (7.0 - base[i]);
                moved += (model[i] - base[i]) * (double) (model[i] - base[i]);
            }
            assertThat(Math.sqrt(moved)).isCloseTo(0.3, org.assertj.core.api.Assertions.within(1e-5));
            for (int i = 0; i < base.length; i++) {
                assertThat(model[i] - base[i]).isCloseTo((float) ((7.0 - base[i]) * 0.3 / Math.sqrt(norm)), org.assertj.core.api.Assertions.within(1e-5f));
            }
        }
    }

    @Test
    void underClientSideClippingTheInstructionCarriesTheClipNormAndAnUnclippedUpdateIsRejected() throws Exception {
        // Prepare
        try (Fixtures f = new Fixtures(dir)) {
            Started s = start(f, "client-clip", 2, TaskSpec.builder("fed", "clip", Fixtures.BASE, "main").rounds(1).clients(2, 1, 1.0)
                    .roundTimeoutMs(20_000).evaluateEvery(0).privacy(PrivacySpec.central(1.0, 1.0, 1e-5, 0).withClientSideClipping()));
            long round = s.instruction().getRound();

            // Execute: one node ignores the clip norm, the other stays within it
            PushReply ignored = s.nodes().get(0).push(s.taskId(), round, RejectsBadResultsTest.good(7f), false);
            PushReply clipped = s.nodes().get(1).push(s.taskId(), round, List.of(
                    RawNode.piece("fc.weight", RejectsBadResultsTest.W, 0.6f, 0.4f, 0.3f, 0.2f, 0.1f, 0f),
                    RawNode.piece("fc.bias", RejectsBadResultsTest.B, -0.1f, -0.2f, -0.3f)), false);
            Coordinator.TaskView done = s.c().await(s.taskId(), Duration.ofSeconds(30));
            s.close();

            // Assert
            assertThat(s.instruction().getConfigMap().get("dp_mode").getStringValue()).isEqualTo("clip");
            assertThat(s.instruction().getConfigMap().get("dp_clip_norm").getDoubleValue()).isEqualTo(1.0);
            assertThat(ignored.getReason()).contains("exceeds the clip norm 1.0 the client was asked to clip to");
            assertThat(clipped.getAccepted()).isTrue();
            assertThat(done.status()).isEqualTo("completed");
            assertThat(done.rounds().get(0).participants()).isEqualTo(1);
        }
    }

    @Test
    void invalidDefencesAreRefusedWithAReason() {
        try (Fixtures f = new Fixtures(dir)) {
            Coordinator c = f.start();
            c.createFederation("fed");
            TaskSpec.Builder median = TaskSpec.builder("fed", "x", Fixtures.BASE, "main").strategy("fedmedian", Map.of())
                    .privacy(PrivacySpec.central(1.0, 1.0, 1e-5, 0));
            assertThatThrownBy(() -> c.startTask(median.build())).isInstanceOf(ChorusException.class)
                    .hasMessageContaining("strategy fedmedian does not average updates");
            assertThatThrownBy(() -> PrivacySpec.central(0, 1.0, 1e-5, 0)).hasMessageContaining("noiseMultiplier must be a positive number");
            assertThatThrownBy(() -> PrivacySpec.local(1.0, 1.0, 1e-5, 0).withAdaptiveClipping(new PrivacySpec.Adaptive(0.5, 0.2, 5)))
                    .hasMessageContaining("adaptive clipping needs central DP");
            assertThatThrownBy(() -> PrivacySpec.central(1.0, 1.0, 1e-5, 0).withAdaptiveClipping(new PrivacySpec.Adaptive(0.5, 0.2, 0.4)))
                    .hasMessageContaining("countNoise must exceed noiseMultiplier / 2");
            assertThatThrownBy(() -> TaskSpec.builder("fed", "x", Fixtures.BASE, "main").normBound(-1).build())
                    .hasMessageContaining("normBound must be a non-negative number");
            c.close();
        }
    }
}
