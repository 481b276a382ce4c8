package org.chorus.federated.secure.secagg;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Who shares masks with whom. SecAgg+ (Bell et al. 2020, CCS, "Secure Single-Server Aggregation with
 * (Poly)Logarithmic Overhead") pairs each client with k others: a Harary graph H(k, n) — position p is joined to
 * p±1, …, p±k/2 on a ring — over a random permutation of the clients drawn from a public seed, so every party
 * computes the same graph. With k ≥ n−1 it is the complete graph of the original SecAgg (Bonawitz et al. 2017).
 */
final class NeighbourGraph {
    private final Map<Integer, int[]> neighbours;

    private NeighbourGraph(Map<Integer, int[]> neighbours) {
        this.neighbours = neighbours;
    }

    static NeighbourGraph build(int[] clientIds, int degree, long seed) {
        int n = clientIds.length;
        int[] order = clientIds.clone();
        Arrays.sort(order);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        Map<Integer, int[]> neighbours = new HashMap<>();
        if (degree >= n - 1) {
            for (int id : clientIds) {
                neighbours.put(id, Arrays.stream(clientIds).filter(other -> other != id).sorted().toArray());
            }
            return new NeighbourGraph(neighbours);
        }
        int half = degree / 2;
        for (int p = 0; p < n; p++) {
            int[] mine = new int[2 * half];
            for (int d = 1; d <= half; d++) {
                mine[2 * (d - 1)] = order[(p + d) % n];
                mine[2 * (d - 1) + 1] = order[(p - d + n) % n];
            }
            Arrays.sort(mine);
            neighbours.put(order[p], mine);
        }
        return new NeighbourGraph(neighbours);
    }

    /** The neighbours of {@code id}, sorted; empty if {@code id} is not in the graph. */
    int[] of(int id) {
        int[] mine = neighbours.get(id);
        return mine == null ? new int[0] : mine;
    }

    boolean adjacent(int a, int b) {
        return Arrays.binarySearch(of(a), b) >= 0;
    }
}
