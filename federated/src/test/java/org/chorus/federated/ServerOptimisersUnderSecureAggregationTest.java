package org.chorus.federated;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FedAdam takes the securely aggregated mean delta as its pseudo-gradient, exactly as it would the plain mean. */
class ServerOptimisersUnderSecureAggregationTest {
    @TempDir
    Path dir;

    @Test
    void fedAdamStepsAlongTheSecureMeanDelta() throws Exception {
        // Execute: defaults η = 0.1, β1 = 0.9, β2 = 0.99, τ = 1e-9
        ScriptedRound.Outcome o = ScriptedRound.run(dir, "fedadam", 4, 4, 0, i -> new SecAggNode.Script() {}, new ArrayList<>());

        // Assert: from zero moments, m = 0.1·Δ, v = 0.01·Δ², next = g + 0.1·m/(√v + τ) (≈ g + 0.1·sign Δ per
        // coordinate in this first step), with Δ = Σ w·Δ_i / Σ w computed here
        assertThat(o.task().status()).isEqualTo("completed");
        float[] global = o.nodes().getFirst().contributions.get(1L).global();
        float[] mean = ScriptedRound.expected(o.nodes());
        float[] expected = new float[global.length];
        for (int j = 0; j < global.length; j++) {
            double delta = (double) mean[j] - global[j];
            double m = 0.1 * delta;
            double v = 0.01 * delta * delta;
            expected[j] = (float) (global[j] + 0.1 * m / (Math.sqrt(v) + 1e-9));
        }
        assertThat(o.published()).containsExactly(expected, Offset.offset(1e-4f));
    }
}
