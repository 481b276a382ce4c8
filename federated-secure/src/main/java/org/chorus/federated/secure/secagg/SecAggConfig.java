package org.chorus.federated.secure.secagg;

import java.util.Arrays;

/**
 * Everything every party of one secure-aggregation round must agree on; the server sends it with the round's
 * instructions. {@code neighbours} = k (even; ≥ n−1 means the complete graph, i.e. plain SecAgg), {@code threshold}
 * = t shares out of a client's k that reconstruct its secrets (also the minimum number of clients that must survive
 * every stage). Updates are clipped per coordinate to [−clipRange, clipRange]; weights must lie in [0, maxWeight].
 */
public record SecAggConfig(long roundId, int[] clientIds, int neighbours, int threshold, int dimension,
                           double clipRange, double maxWeight, int bits, long graphSeed) {

    public SecAggConfig {
        clientIds = clientIds.clone();
        int n = clientIds.length;
        if (n < 2) {
            throw new IllegalArgumentException("secure aggregation needs at least two clients");
        }
        if (Arrays.stream(clientIds).distinct().count() != n || Arrays.stream(clientIds).anyMatch(id -> id < 1)) {
            throw new IllegalArgumentException("client ids must be distinct and >= 1");
        }
        int degree = Math.min(neighbours, n - 1);
        if (degree < n - 1 && degree % 2 != 0) {
            throw new IllegalArgumentException("SecAgg+ needs an even neighbour count, got " + neighbours);
        }
        if (threshold < 2 || threshold > degree) {
            throw new IllegalArgumentException("threshold must be in [2, " + degree + "], got " + threshold);
        }
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be >= 1");
        }
        if (Quantizer.maxClients(bits) < n) {
            throw new IllegalArgumentException(bits + "-bit values of " + n + " clients would wrap a 32-bit ring");
        }
        new Quantizer(clipRange, maxWeight, bits); // validates the ranges
    }

    /** Plain SecAgg: every pair of clients shares a mask; t = ⌊n/2⌋ + 1. */
    public static SecAggConfig secAgg(long roundId, int[] clientIds, int dimension, double clipRange, double maxWeight) {
        int n = clientIds.length;
        return new SecAggConfig(roundId, clientIds, n - 1, Math.max(2, n / 2 + 1), dimension, clipRange, maxWeight,
                Quantizer.bitsFor(n), 0);
    }

    /**
     * SecAgg+: k = the smallest even number ≥ 3·log2(n) (capped at n−1), t = k/2 + 1, so a neighbourhood survives
     * losing just under half its members; the graph is drawn from {@code graphSeed}.
     */
    public static SecAggConfig secAggPlus(long roundId, int[] clientIds, int dimension, double clipRange,
                                          double maxWeight, long graphSeed) {
        int n = clientIds.length;
        int k = (int) Math.ceil(3 * Math.log(n) / Math.log(2));
        k += k % 2;
        if (k >= n - 1) {
            return secAgg(roundId, clientIds, dimension, clipRange, maxWeight);
        }
        return new SecAggConfig(roundId, clientIds, k, k / 2 + 1, dimension, clipRange, maxWeight, Quantizer.bitsFor(n), graphSeed);
    }

    public SecAggConfig withThreshold(int newThreshold) {
        return new SecAggConfig(roundId, clientIds, neighbours, newThreshold, dimension, clipRange, maxWeight, bits, graphSeed);
    }

    @Override
    public int[] clientIds() {
        return clientIds.clone();
    }

    int clientCount() {
        return clientIds.length;
    }

    NeighbourGraph graph() {
        return NeighbourGraph.build(clientIds, Math.min(neighbours, clientIds.length - 1), graphSeed);
    }

    Quantizer quantizer() {
        return new Quantizer(clipRange, maxWeight, bits);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SecAggConfig c && roundId == c.roundId && Arrays.equals(clientIds, c.clientIds)
                && neighbours == c.neighbours && threshold == c.threshold && dimension == c.dimension
                && clipRange == c.clipRange && maxWeight == c.maxWeight && bits == c.bits && graphSeed == c.graphSeed;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(roundId) * 31 + Arrays.hashCode(clientIds);
    }

    @Override
    public String toString() {
        return "SecAggConfig[round=" + roundId + ", clients=" + clientIds.length + ", k=" + neighbours + ", t=" + threshold
                + ", d=" + dimension + ", bits=" + bits + "]";
    }
}
