package org.chorus.federated.secure.dp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import org.junit.jupiter.api.Test;

/**
 * Reference points published by the libraries this accountant follows. Each cites its source; all must agree
 * within 1%.
 */
class RdpAccountantMatchesPublishedValuesTest {

    /**
     * TensorFlow Privacy, tensorflow_privacy/privacy/analysis/compute_dp_sgd_privacy.py docstring: N=60000,
     * batch 256, noise multiplier 1.12, 60 epochs, δ=1e-5 "satisfies (2.92, 1e-5)-DP" (classic conversion, its
     * order list, steps = ceil(epochs·N/batch)).
     */
    @Test
    void tensorFlowPrivacyMnistExampleGives292() {
        // Prepare
        double q = 256.0 / 60000;
        long steps = (long) Math.ceil(60 * 60000 / 256.0);
        RdpAccountant accountant = RdpAccountant.withOrders(RdpConversion.CLASSIC, RdpAccountant.tfPrivacyOrders());

        // Execute
        PrivacySpent spent = accountant.composeSubsampledGaussian(q, 1.12, steps).epsilon(1e-5);

        // Assert
        assertThat(spent.epsilon()).isCloseTo(2.92, withinPercentage(1));
    }

    /**
     * Opacus documentation, opacus.scripts.compute_dp_sgd_privacy (https://opacus.ai/api/compute_dp_sgd_privacy.html):
     * sample rate 1%, noise multiplier 1.0, 300 steps, α ∈ {2, 5, 10, 20, 100}: "epsilon = 2.39, delta = 1e-05.
     * The optimal alpha is 5.0."
     */
    @Test
    void opacusDocumentationExampleGives239AtOrderFive() {
        // Prepare
        RdpAccountant accountant = RdpAccountant.withOrders(RdpConversion.IMPROVED, 2, 5, 10, 20, 100);

        // Execute
        PrivacySpent spent = accountant.composeSubsampledGaussian(0.01, 1.0, 300).epsilon(1e-5);

        // Assert
        assertThat(spent.epsilon()).isCloseTo(2.39, withinPercentage(1));
        assertThat(spent.optimalOrder()).isEqualTo(5.0);
    }

    /**
     * Google dp-accounting, dp_accounting/rdp/rdp_privacy_accountant_test.py,
     * test_compute_rdp_poisson_sampled_gaussian: q=0.01, σ=2.5, 50 steps. Integer orders are an exact finite sum
     * in both implementations and must agree closely.
     */
    @Test
    void dpAccountingRdpCurveAtIntegerOrders() {
        // Prepare
        RdpAccountant accountant = RdpAccountant.withOrders(RdpConversion.IMPROVED, 5, 50, 100);

        // Execute
        double[] rdp = accountant.composeSubsampledGaussian(0.01, 2.5, 50).rdp();

        // Assert
        double[] expected = {2.18075656e-03, 2.38460375e-02, 1.67416308e02};
        for (int i = 0; i < expected.length; i++) {
            assertThat(rdp[i]).as("order %s", accountant.orders()[i]).isCloseTo(expected[i], withinPercentage(0.01));
        }
    }

    /**
     * Fractional orders use the signed series of Mironov et al. 2019 §3.3 (as Opacus and TF Privacy do); the
     * current dp-accounting sums the terms' magnitudes instead, an upper bound (its test values 6.70579741e-04 and
     * 1.08548710e-03 at orders 1.5 and 2.5). Ours must equal a direct numerical integration of A_α and never
     * exceed dp-accounting's bound.
     */
    @Test
    void fractionalOrdersEqualNumericalIntegrationAndStayUnderDpAccountingBound() {
        // Prepare
        double[] orders = {1.5, 2.5};
        double[] dpAccountingBound = {6.70579741e-04, 1.08548710e-03};

        for (int i = 0; i < orders.length; i++) {
            // Execute
            double rdp = 50 * SubsampledGaussianRdp.rdp(0.01, 2.5, orders[i]);
            double integrated = 50 * Math.log(integrateA(0.01, 2.5, orders[i])) / (orders[i] - 1);

            // Assert
            assertThat(rdp).as("order %s", orders[i]).isCloseTo(integrated, withinPercentage(1e-4));
            assertThat(rdp).isLessThanOrEqualTo(dpAccountingBound[i] * (1 + 1e-4));
        }
    }

    /** A_α = ∫ N(z; 0, σ²) ((1−q) + q·exp((2z−1)/(2σ²)))^α dz by Simpson's rule over ±60σ. */
    private static double integrateA(double q, double sigma, double alpha) {
        double lo = -60 * sigma;
        double hi = 60 * sigma;
        int n = 400_000;
        double h = (hi - lo) / n;
        double sum = 0;
        for (int i = 0; i <= n; i++) {
            double z = lo + i * h;
            double weight = (i == 0 || i == n) ? 1 : (i % 2 == 1 ? 4 : 2);
            double density = Math.exp(-z * z / (2 * sigma * sigma)) / (sigma * Math.sqrt(2 * Math.PI));
            sum += weight * density * Math.pow((1 - q) + q * Math.exp((2 * z - 1) / (2 * sigma * sigma)), alpha);
        }
        return sum * h / 3;
    }

    /**
     * Google dp-accounting, rdp_privacy_accountant_test.py, test_compute_epsilon_delta_gaussian: the unsampled
     * Gaussian with σ=4.530877117 is exactly (1, 1e-6)-DP; the RDP bound over dense orders recovers ε=1.
     */
    @Test
    void dpAccountingGaussianCalibratedToEpsilonOne() {
        // Prepare
        double[] orders = new double[99_000];
        for (int i = 0; i < orders.length; i++) {
            orders[i] = 0.001 * (i + 1000);
        }
        RdpAccountant accountant = RdpAccountant.withOrders(RdpConversion.IMPROVED, orders)
                .composeSubsampledGaussian(1.0, 4.530877117, 1);

        // Execute
        PrivacySpent byDelta = accountant.epsilon(1e-6);
        PrivacySpent byEpsilon = accountant.delta(1.0);

        // Assert
        assertThat(byDelta.epsilon()).isCloseTo(1.0, within(1e-4));
        assertThat(byEpsilon.delta()).isCloseTo(1e-6, withinPercentage(0.1));
    }

    /** dp-accounting, test_compute_epsilon_delta_pure_dp: constant RDP 1.1 at orders 2..32, δ=1e-5. */
    @Test
    void dpAccountingConversionOfAConstantCurve() {
        // Prepare
        double[] orders = new double[31];
        for (int i = 0; i < orders.length; i++) {
            orders[i] = i + 2;
        }

        // Execute
        double best = Double.POSITIVE_INFINITY;
        for (double order : orders) {
            best = Math.min(best, RdpConversion.IMPROVED.epsilon(order, 1.1, 1e-5));
        }

        // Assert
        assertThat(best).isCloseTo(1.32783806176, within(1e-9));
    }
}
