package org.chorus.federated.strategy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.chorus.federated.secure.dp.AdaptiveClipping;
import org.chorus.federated.secure.dp.CentralGaussianSum;
import org.chorus.federated.secure.dp.L2Clipping;

/**
 * DP-FedAvg (McMahan et al. 2018) in front of a weighted-mean strategy: each client's Δ is clipped to C (or, when
 * clients clip themselves, checked against C), the clipped Δs are summed unweighted (example counts would raise the
 * sensitivity), N(0, (σ·C)²) is added once and the sum is divided by the expected cohort, never the realised count.
 * The strategy then sees that one noisy mean as a single update, so FedAvgM's momentum or FedAdam's moments apply to
 * it (post-processing). With adaptive clipping (Andrew et al. 2021) the next round's C travels in the strategy state.
 */
final class CentralDp implements TrainAggregation {
    /** Client-side clipping leaves float rounding in base + Δ − base; a norm this much above C is still accepted. */
    private static final double CLIP_TOLERANCE = 1e-3;

    private final TrainAggregation inner;
    private final float[] base;
    private final Defences.CentralDpRound round;
    private final Random random;
    private final CentralGaussianSum sum;
    private final MetricsMean metrics = new MetricsMean();
    private long examples;

    CentralDp(TrainAggregation inner, float[] base, Defences.CentralDpRound round, Random random) {
        this.inner = inner;
        this.base = base;
        this.round = round;
        this.random = random;
        this.sum = new CentralGaussianSum(base.length, round.clipNorm(), round.sumNoiseMultiplier());
    }

    @Override
    public void accept(ClientUpdate u) {
        float[] delta = Deltas.of(u);
        Map<String, Double> reported = new HashMap<>(u.metrics());
        Double bit = reported.remove(Defences.UNCLIPPED_METRIC);
        if (round.clientSideClipping()) {
            double norm = L2Clipping.norm(delta);
            if (norm > round.clipNorm() * (1 + CLIP_TOLERANCE)) {
                throw new RejectedUpdate("update norm " + (float) norm + " exceeds the clip norm " + (float) round.clipNorm()
                        + " the client was asked to clip to");
            }
            sum.addClipped(delta, bit == null ? norm < round.clipNorm() : bit >= 0.5);
        } else {
            sum.add(delta);
        }
        metrics.add(u.numExamples(), reported);
        examples += u.numExamples();
    }

    /**
     * Takes the unmasked secure sum of {@code clients} deltas the clients clipped themselves, each with weight 1, and
     * how many of them were within C (the sum of their masked bits); the server cannot check their norms.
     */
    void acceptClippedSum(float[] clippedSum, int clients, int unclipped, Map<String, Double> meanMetrics) {
        sum.addClippedSum(clippedSum, clients, unclipped);
        metrics.add(clients, meanMetrics);
        examples += clients;
    }

    @Override
    public int count() {
        return sum.clients();
    }

    @Override
    public Aggregated finish(List<Failure> failures) {
        if (sum.clients() == 0) {
            throw new IllegalStateException("no updates to aggregate");
        }
        int clients = sum.clients();
        int unclipped = sum.unclipped();
        float[] noisyMean = sum.noisyMean(round.expectedClients(), random);
        inner.accept(new ClientUpdate("dp-mean", Deltas.plus(base, noisyMean), base, 1, 0, Map.of()));
        Aggregated a = inner.finish(failures);
        Map<String, Double> m = metrics.result();
        m.put("clients", (double) clients);
        m.put("failures", (double) failures.size());
        m.put("examples", (double) examples);
        Map<String, float[]> state = new HashMap<>(a.state().tensors());
        AdaptiveClipping adaptive = round.adaptive();
        if (adaptive != null) {
            double next = adaptive.next(unclipped, round.expectedClients(), random).clipNorm();
            state.put(Defences.CLIP_NORM_STATE, new float[] {(float) next});
        }
        return new Aggregated(a.values(), new StrategyState(state), m);
    }
}
