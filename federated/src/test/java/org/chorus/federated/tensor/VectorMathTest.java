package org.chorus.federated.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VectorMathTest {

    @Test
    void axpyMatchesTheScalarLoopIncludingTheTail() {
        float[] x = new float[37];
        float[] y = new float[37];
        float[] expected = new float[37];
        for (int i = 0; i < x.length; i++) {
            x[i] = i * 0.5f;
            y[i] = 1f - i;
            expected[i] = y[i] + 3f * x[i];
        }
        VectorMath.axpy(3f, x, y);
        assertThat(y).containsExactly(expected);
    }

    @Test
    void allFiniteSpotsNanAndInfinityAnywhere() {
        float[] x = new float[35];
        assertThat(VectorMath.allFinite(x)).isTrue();
        x[3] = Float.NaN;
        assertThat(VectorMath.allFinite(x)).isFalse();
        x[3] = 0;
        x[34] = Float.NEGATIVE_INFINITY;
        assertThat(VectorMath.allFinite(x)).isFalse();
    }
}
