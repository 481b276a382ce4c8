package org.chorus.federated.secure.dp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import org.junit.jupiter.api.Test;

class LogMathTest {

    @Test
    void erfcMatchesTabulatedValuesAcrossTheSeriesAndContinuedFractionRanges() {
        // Prepare: reference values from CPython math.erfc.
        double[][] table = {
            {0.0, 1.0}, {0.5, 0.4795001221869535}, {1.0, 0.15729920705028513}, {1.9999, 0.0046798020925},
            {2.0, 0.004677734981047266}, {2.0001, 0.0046756686958033}, {3.0, 2.209049699858544e-05}, {6.0, 2.1519736712498913e-17},
            {-1.0, 1.8427007929497148}, {-3.0, 1.9999779095030015},
        };
        for (double[] row : table) {
            // Execute
            double value = LogMath.erfc(row[0]);
            // Assert
            assertThat(value).as("erfc(%s)", row[0]).isCloseTo(row[1], withinPercentage(1e-6));
        }
    }

    @Test
    void logErfcStaysFiniteFarIntoTheTail() {
        // Prepare: log erfc(30) = -900 - log(30) - log(sqrt(pi)) + log(1 - 1/1800 + ...) ≈ -903.974117
        // Execute
        double value = LogMath.logErfc(30);
        // Assert
        assertThat(value).isCloseTo(-903.974117, withinPercentage(1e-6));
    }
}
