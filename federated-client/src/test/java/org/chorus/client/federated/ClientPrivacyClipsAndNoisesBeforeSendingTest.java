package org.chorus.client.federated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.chorus.federated.secure.testing.Noise;
import org.junit.jupiter.api.Test;

class ClientPrivacyClipsAndNoisesBeforeSendingTest {
    static final int D = 20_000;

    static List<NamedTensor> received() {
        float[] a = new float[D / 2];
        float[] b = new float[D / 2];
        for (int i = 0; i < a.length; i++) {
            a[i] = 0.25f;
            b[i] = -0.5f;
        }
        return List.of(new NamedTensor("a", new long[] {a.length}, a), new NamedTensor("b", new long[] {b.length}, b));
    }

    /** The received weights moved by {@code step} in every coordinate. */
    static LocalTrainer.FitResult trained(float step) {
        return new LocalTrainer.FitResult(received().stream().map(t -> {
            float[] v = t.values().clone();
            for (int i = 0; i < v.length; i++) {
                v[i] += step;
            }
            return new NamedTensor(t.name(), t.shape(), v);
        }).toList(), 5, Map.of("loss", 0.3));
    }

    static float[] delta(LocalTrainer.FitResult r) {
        float[] d = new float[D];
        int at = 0;
        for (int t = 0; t < 2; t++) {
            for (int i = 0; i < D / 2; i++) {
                d[at++] = r.weights().get(t).values()[i] - received().get(t).values()[i];
            }
        }
        return d;
    }

    @Test
    void clipModeScalesTheUpdateToTheClipNormAndReportsTheBit() {
        ClientPrivacy privacy = new ClientPrivacy(new Random(1));
        Config clip = new Config(Map.of("dp_mode", "clip", "dp_clip_norm", 2.0));

        LocalTrainer.FitResult big = privacy.apply(received(), trained(0.1f), clip);     // norm 0.1·√20000 ≈ 14.1
        LocalTrainer.FitResult small = privacy.apply(received(), trained(0.01f), clip);  // norm ≈ 1.41

        double norm = 0;
        for (float v : delta(big)) {
            norm += (double) v * v;
            assertThat(v).isCloseTo((float) (2.0 / Math.sqrt(D)), within(1e-5f));
        }
        assertThat(Math.sqrt(norm)).isCloseTo(2.0, within(1e-3));
        assertThat(big.metrics()).containsEntry("dp_unclipped", 0.0).containsEntry("loss", 0.3);
        assertThat(small.metrics()).containsEntry("dp_unclipped", 1.0);
        assertThat(delta(small)[7]).isCloseTo(0.01f, within(1e-6f));
        assertThat(big.numExamples()).isEqualTo(5);
    }

    @Test
    void localModeAddsGaussianNoiseOfSigmaTimesTheClipNorm() {
        ClientPrivacy privacy = new ClientPrivacy(new Random(2));
        Config local = new Config(Map.of("dp_mode", "local", "dp_clip_norm", 1.0, "dp_noise_multiplier", 0.5));

        float[] d = delta(privacy.apply(received(), trained(0.001f), local)); // norm ≈ 0.14: not clipped

        double[] residual = new double[D];
        for (int j = 0; j < D; j++) {
            residual[j] = d[j] - 0.001;
        }
        Noise.assertNormal(residual, 0.5, "the noise is centred on the unclipped update");
    }

    @Test
    void withoutADpModeTheResultIsSentAsTrained() {
        LocalTrainer.FitResult r = trained(3f);
        assertThat(new ClientPrivacy(new Random(3)).apply(received(), r, new Config(Map.of("lr", 0.1)))).isSameAs(r);
    }
}
