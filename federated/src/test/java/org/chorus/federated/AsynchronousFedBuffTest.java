package org.chorus.federated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.chorus.federated.proto.v1.Instruction;
import org.chorus.federated.proto.v1.PushReply;
import org.chorus.federated.proto.v1.TensorPiece;
import org.chorus.federated.tensor.Safetensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AsynchronousFedBuffTest {
    @TempDir
    Path dir;

    static List<TensorPiece> plus(float[] base, float delta) {
        float[] v = add(base, delta);
        return List.of(RawNode.piece("fc.weight", RejectsBadResultsTest.W, Arrays.copyOfRange(v, 0, 6)),
                RawNode.piece("fc.bias", RejectsBadResultsTest.B, Arrays.copyOfRange(v, 6, 9)));
    }

    /** Pulls with every node in turn (a pull also keeps a node alive) until each has an instruction for the round. */
    static void awaitInstructions(List<RawNode> nodes, long round) throws InterruptedException {
        Set<RawNode> waiting = new HashSet<>(nodes);
        for (int tries = 0; tries < 1000 && !waiting.isEmpty(); tries++) {
            for (RawNode n : nodes) {
                Instruction in = n.pull();
                if (in != null && in.getRound() == round) {
                    waiting.remove(n);
                }
            }
            Thread.sleep(10);
        }
        assertThat(waiting).as("nodes without an instruction for round " + round).isEmpty();
    }

    static void awaitCompleted(Coordinator c, String taskId, int rounds) throws InterruptedException {
        for (int tries = 0; tries < 1000 && c.task(taskId).completedRounds() < rounds; tries++) {
            Thread.sleep(10);
        }
        assertThat(c.task(taskId).completedRounds()).isEqualTo(rounds);
    }

    @Test
    void stepsEndWithoutWaitingForStragglersWhoseLateResultsCountDiscountedInTheNextStep() throws Exception {
        // Prepare: 4 nodes, 2 results per step, all 4 selected at first, results at most 1 step stale
        try (Fixtures f = new Fixtures(dir); Fixtures.Running r = f.running("fedbuff")) {
            Coordinator c = r.coordinator();
            List<RawNode> nodes = r.rawNodes(4);
            RawNode a = nodes.get(0);
            RawNode b = nodes.get(1);
            RawNode cNode = nodes.get(2);
            RawNode d = nodes.get(3);
            String taskId = c.startTask(TaskSpec.builder("fed", "async", Fixtures.BASE, "main").rounds(3).clients(2, 2, 2.0)
                    .strategy("fedbuff", Map.of("server_lr", 1.0, "max_staleness", 1.0)).roundTimeoutMs(30_000).evaluateEvery(0).build());
            float[] g0 = f.initial.values();

            // Execute: step 1 ends with a and b while c and d are still training on g0
            awaitInstructions(nodes, 1);
            assertThat(a.push(taskId, 1, plus(g0, 1f), false).getAccepted()).isTrue();
            assertThat(b.push(taskId, 1, plus(g0, 3f), false).getAccepted()).isTrue();
            awaitCompleted(c, taskId, 1);
            float[] g1 = add(g0, (10 * 1f + 10 * 3f) / 20);
            // step 2: c's result from g0 arrives one step stale, a trains on g1
            PushReply lateC = cNode.push(taskId, 1, plus(g0, 5f), false);
            awaitInstructions(List.of(a), 2);
            assertThat(a.push(taskId, 2, plus(g1, 1f), false).getAccepted()).isTrue();
            awaitCompleted(c, taskId, 2);
            float[] g2 = add(g1, (float) ((10 * 5 / Math.sqrt(2) + 10 * 1) / 20));
            // step 3: d's result from g0 would be two steps stale; b's from g1 is one
            PushReply tooStale = d.push(taskId, 1, plus(g0, 100f), false);
            PushReply lateB = b.push(taskId, 2, plus(g1, 2f), false);
            awaitInstructions(List.of(a), 3);
            assertThat(a.push(taskId, 3, plus(g2, 4f), false).getAccepted()).isTrue();
            Coordinator.TaskView done = c.await(taskId, Duration.ofSeconds(30));
            r.stop();

            // Assert: each step is global += Σ n·Δ/√(1+staleness) / Σ n, computed here from FedBuff's definition
            float[] g3 = add(g2, (float) ((10 * 2 / Math.sqrt(2) + 10 * 4) / 20));
            assertThat(lateC.getAccepted()).isTrue();
            assertThat(lateB.getAccepted()).isTrue();
            assertThat(tooStale.getAccepted()).isFalse();
            assertThat(tooStale.getReason()).contains("round 1");
            assertThat(done.status()).isEqualTo("completed");
            assertThat(done.rounds()).extracting(round -> round.metrics().get("mean_staleness")).containsExactly(0.0, 0.5, 0.5);
            assertThat(done.rounds()).extracting(Coordinator.RoundView::participants).containsExactly(2, 2, 2);
            assertThat(done.rounds().get(1).failures()).as("d's round-1 turn expired at step 2").isEqualTo(1);
            float[] model = Safetensors.read(f.store.load(taskId, 3).orElseThrow()).weights().values();
            for (int i = 0; i < model.length; i++) {
                assertThat(model[i]).isCloseTo(g3[i], within(1e-5f));
            }
        }
    }

    private static float[] add(float[] v, float delta) {
        float[] out = v.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] += delta;
        }
        return out;
    }
}
