package org.chorus.federated.strategy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/** Uniform, reproducible client sampling with over-selection. */
final class Sampling {
    private Sampling() {}

    /** The sampled nodes with the task's base settings and the round number. */
    static Selection plain(RoundContext c) {
        java.util.Map<String, Object> config = new java.util.HashMap<>(c.baseConfig());
        config.put("round", (long) c.round());
        return new Selection(select(c), config);
    }

    /** ceil(target × overSelection) nodes drawn without replacement, or all available if fewer. */
    static List<String> select(RoundContext c) {
        int wanted = (int) Math.ceil(c.clientsPerRound() * Math.max(1.0, c.overSelection()) - 1e-9);
        List<String> pool = new ArrayList<>(c.available());
        Collections.sort(pool);
        if (pool.size() <= wanted) {
            return pool;
        }
        SplittableRandom random = new SplittableRandom(c.seed() * 1_000_003L + c.round());
        for (int i = 0; i < wanted; i++) {
            Collections.swap(pool, i, i + random.nextInt(pool.size() - i));
        }
        return List.copyOf(pool.subList(0, wanted));
    }
}
