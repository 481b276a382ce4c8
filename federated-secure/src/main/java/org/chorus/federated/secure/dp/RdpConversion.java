package org.chorus.federated.secure.dp;

/** How a Rényi-DP curve is turned into an (ε, δ) guarantee. */
public enum RdpConversion {
    /**
     * ε = min_α RDP(α) + log((α−1)/α) − (log δ + log α)/(α−1): Balle, Barthe, Gaboardi, Hsu, Sato 2020
     * ("Hypothesis testing interpretations and Rényi DP", arXiv:1905.09982, Thm 21) as stated in Canonne, Kamath,
     * Steinke 2020 (arXiv:2004.00010, Prop. 12). What Google's dp-accounting and Opacus use today. The default.
     */
    IMPROVED,
    /** ε = min_α RDP(α) − log δ/(α−1): Mironov 2017 (arXiv:1702.07476, Prop. 3); older TF Privacy releases. */
    CLASSIC;

    /** ε for one order; +∞ where the bound is not usable. */
    double epsilon(double order, double rdp, double delta) {
        if (rdp < 0 || order < 1) {
            throw new IllegalArgumentException("order must be >= 1 and RDP >= 0, got " + order + ", " + rdp);
        }
        if (rdp == Double.POSITIVE_INFINITY) {
            return Double.POSITIVE_INFINITY;
        }
        switch (this) {
            case CLASSIC:
                return order > 1 ? rdp - Math.log(delta) / (order - 1) : Double.POSITIVE_INFINITY;
            case IMPROVED:
                if (delta * delta + Math.expm1(-rdp) > 0) {
                    return 0; // the KL bound δ <= sqrt(1 - exp(-RDP)) already gives ε = 0
                }
                if (order > 1.01) {
                    return rdp + Math.log1p(-1 / order) - Math.log(delta * order) / (order - 1);
                }
                return Double.POSITIVE_INFINITY;
            default:
                throw new AssertionError(this);
        }
    }

    /** δ for one order at a given ε (log δ), the inverse of {@link #epsilon}. */
    double logDelta(double order, double rdp, double epsilon) {
        if (rdp == Double.POSITIVE_INFINITY) {
            return 0;
        }
        switch (this) {
            case CLASSIC:
                return order > 1 ? (order - 1) * (rdp - epsilon) : 0;
            case IMPROVED:
                double logDelta = rdp == 0 ? Double.NEGATIVE_INFINITY : 0.5 * Math.log1p(-Math.exp(-rdp));
                if (order > 1.01) {
                    double bound = (order - 1) * (rdp - epsilon + Math.log1p(-1 / order)) - Math.log(order);
                    logDelta = Math.min(logDelta, bound);
                }
                return logDelta;
            default:
                throw new AssertionError(this);
        }
    }
}
