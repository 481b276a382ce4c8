package org.chorus.federated.secure.secagg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class QuantizerAndConfigTest {

    @Test
    void theLargestCohortAtTheChosenWidthSumsExtremeValuesWithoutWrapping() {
        // Prepare: 1000 clients get 22-bit values; every client sends +R (and another run −R) at full weight
        int bits = Quantizer.bitsFor(1000);
        int clients = Quantizer.maxClients(bits);
        Quantizer quantizer = new Quantizer(2.0, 50, bits);
        int[] one = new int[3];
        quantizer.encode(new float[] {2.0f, -2.0f}, 50, one);
        int[] sum = new int[3];

        // Execute
        for (int c = 0; c < clients; c++) {
            for (int i = 0; i < 3; i++) {
                sum[i] += one[i];
            }
        }
        float[] decoded = new float[2];
        double weight = quantizer.decode(sum, decoded);

        // Assert
        assertThat(bits).isEqualTo(22);
        assertThat(clients).isGreaterThanOrEqualTo(1000);
        assertThat((double) decoded[0]).isCloseTo(clients * 2.0 * 50, within(1.0));
        assertThat((double) decoded[1]).isCloseTo(-clients * 2.0 * 50, within(1.0));
        assertThat(weight).isCloseTo(clients * 50.0, within(1e-6));
    }

    @Test
    void roundingErrorStaysWithinTheAdvertisedTolerance() {
        // Prepare
        Quantizer quantizer = new Quantizer(1.0, 1, 20);
        float[] update = new float[1000];
        for (int i = 0; i < update.length; i++) {
            update[i] = (float) Math.sin(i);
        }
        int[] encoded = new int[1001];

        // Execute
        quantizer.encode(update, 1, encoded);
        float[] decoded = new float[1000];
        quantizer.decode(encoded, decoded);

        // Assert
        for (int i = 0; i < 1000; i++) {
            assertThat((double) decoded[i]).isCloseTo(update[i], within(quantizer.valueTolerance(1) + 1e-7));
        }
    }

    @Test
    void configRejectsParametersThatBreakTheProtocol() {
        // Prepare
        int[] ids = IntStream.rangeClosed(1, 50).toArray();

        // Execute + Assert
        assertThatThrownBy(() -> new SecAggConfig(1, ids, 11, 6, 10, 1, 1, 20, 0)).hasMessageContaining("even");
        assertThatThrownBy(() -> new SecAggConfig(1, ids, 10, 11, 10, 1, 1, 20, 0)).hasMessageContaining("threshold");
        assertThatThrownBy(() -> new SecAggConfig(1, ids, 10, 6, 10, 1, 1, 31, 0)).hasMessageContaining("wrap");
        assertThatThrownBy(() -> new SecAggConfig(1, new int[] {1, 1, 2}, 2, 2, 10, 1, 1, 20, 0)).hasMessageContaining("distinct");
        assertThat(SecAggConfig.secAggPlus(1, ids, 10, 1, 1, 0).neighbours()).isEqualTo(18);
        assertThat(SecAggConfig.secAggPlus(1, new int[] {1, 2, 3, 4, 5}, 10, 1, 1, 0).neighbours()).isEqualTo(4);
    }
}
