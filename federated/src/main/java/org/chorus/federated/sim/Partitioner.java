package org.chorus.federated.sim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * How a labelled dataset is split among virtual clients (Li et al. 2022, NIID-Bench; McMahan et al. 2017).
 * Each returns, per client, the indices of its examples.
 */
public sealed interface Partitioner {

    int[][] split(int[] labels, int classes, int clients, long seed);

    /** Uniformly at random, equal sizes. */
    record Iid() implements Partitioner {
        @Override
        public int[][] split(int[] labels, int classes, int clients, long seed) {
            List<Integer> all = indices(labels.length);
            Collections.shuffle(all, new java.util.Random(seed));
            List<List<Integer>> parts = empty(clients);
            for (int i = 0; i < all.size(); i++) {
                parts.get(i % clients).add(all.get(i));
            }
            return arrays(parts);
        }
    }

    /** Label skew: each class is split among clients by proportions drawn from Dirichlet(α), redrawn until every client has at least 10 examples. */
    record Dirichlet(double alpha) implements Partitioner {
        @Override
        public int[][] split(int[] labels, int classes, int clients, long seed) {
            SplittableRandom random = new SplittableRandom(seed);
            int n = labels.length;
            for (int attempt = 0; attempt < 1000; attempt++) {
                List<List<Integer>> parts = empty(clients);
                for (int k = 0; k < classes; k++) {
                    List<Integer> ofClass = ofClass(labels, k);
                    Collections.shuffle(ofClass, new java.util.Random(random.nextLong()));
                    double[] p = Gamma.dirichlet(alpha, clients, random);
                    double sum = 0;
                    for (int j = 0; j < clients; j++) {
                        // NIID-Bench balancing: a client already holding its share gets no more
                        p[j] = parts.get(j).size() < n / clients ? p[j] : 0;
                        sum += p[j];
                    }
                    int start = 0;
                    double cumulative = 0;
                    for (int j = 0; j < clients; j++) {
                        cumulative += sum == 0 ? 1.0 / clients : p[j] / sum;
                        int end = j == clients - 1 ? ofClass.size() : (int) (cumulative * ofClass.size());
                        parts.get(j).addAll(ofClass.subList(start, Math.max(start, end)));
                        start = Math.max(start, end);
                    }
                }
                if (parts.stream().allMatch(l -> l.size() >= Math.min(10, n / clients))) {
                    return arrays(parts);
                }
            }
            throw new IllegalStateException("Dirichlet(" + alpha + ") left a client with fewer than 10 examples 1000 times");
        }
    }

    /**
     * Quantity-based label imbalance ({@code #C = c}): client i holds class i mod K and c−1 other random
     * classes; each class's examples are split evenly among the clients holding it.
     */
    record ClassesPerClient(int c) implements Partitioner {
        @Override
        public int[][] split(int[] labels, int classes, int clients, long seed) {
            SplittableRandom random = new SplittableRandom(seed);
            List<List<Integer>> held = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                List<Integer> mine = new ArrayList<>(List.of(i % classes));
                while (mine.size() < Math.min(c, classes)) {
                    int k = random.nextInt(classes);
                    if (!mine.contains(k)) {
                        mine.add(k);
                    }
                }
                held.add(mine);
            }
            List<List<Integer>> parts = empty(clients);
            for (int k = 0; k < classes; k++) {
                List<Integer> holders = new ArrayList<>();
                for (int i = 0; i < clients; i++) {
                    if (held.get(i).contains(k)) {
                        holders.add(i);
                    }
                }
                if (holders.isEmpty()) {
                    continue;
                }
                List<Integer> ofClass = ofClass(labels, k);
                Collections.shuffle(ofClass, new java.util.Random(random.nextLong()));
                for (int j = 0; j < ofClass.size(); j++) {
                    parts.get(holders.get(j % holders.size())).add(ofClass.get(j));
                }
            }
            return arrays(parts);
        }
    }

    /** McMahan et al.'s pathological split: sort by label, cut into clients × shards shards, deal shards at random. */
    record Shards(int perClient) implements Partitioner {
        @Override
        public int[][] split(int[] labels, int classes, int clients, long seed) {
            List<Integer> sorted = indices(labels.length);
            sorted.sort((a, b) -> Integer.compare(labels[a], labels[b]));
            int shards = clients * perClient;
            int size = labels.length / shards;
            List<Integer> order = indices(shards);
            Collections.shuffle(order, new java.util.Random(seed));
            List<List<Integer>> parts = empty(clients);
            for (int s = 0; s < shards; s++) {
                int shard = order.get(s);
                parts.get(s % clients).addAll(sorted.subList(shard * size, (shard + 1) * size));
            }
            return arrays(parts);
        }
    }

    /** Parses {@code iid}, {@code dir(0.5)}, {@code #c=2}, {@code shards(2)}. */
    static Partitioner parse(String spec) {
        String s = spec.trim().toLowerCase(java.util.Locale.ROOT);
        if (s.equals("iid")) {
            return new Iid();
        }
        if (s.startsWith("dir(") && s.endsWith(")")) {
            return new Dirichlet(Double.parseDouble(s.substring(4, s.length() - 1)));
        }
        if (s.startsWith("#c=")) {
            return new ClassesPerClient(Integer.parseInt(s.substring(3)));
        }
        if (s.startsWith("shards(") && s.endsWith(")")) {
            return new Shards(Integer.parseInt(s.substring(7, s.length() - 1)));
        }
        throw new IllegalArgumentException("unknown partition " + spec + " (iid, dir(0.5), #c=2, shards(2))");
    }

    private static List<Integer> indices(int n) {
        List<Integer> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(i);
        }
        return out;
    }

    private static List<Integer> ofClass(int[] labels, int k) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == k) {
                out.add(i);
            }
        }
        return out;
    }

    private static List<List<Integer>> empty(int clients) {
        List<List<Integer>> parts = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            parts.add(new ArrayList<>());
        }
        return parts;
    }

    private static int[][] arrays(List<List<Integer>> parts) {
        int[][] out = new int[parts.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = parts.get(i).stream().mapToInt(Integer::intValue).sorted().toArray();
        }
        return out;
    }
}
