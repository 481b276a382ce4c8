package org.chorus.federated.strategy;

/** Updates as differences from the global model they started from: what clipping and norm bounding act on. */
final class Deltas {
    private Deltas() {}

    /** A fresh array Δ = values − base. */
    static float[] of(ClientUpdate u) {
        float[] v = u.values();
        float[] b = u.base();
        float[] d = new float[v.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = v[i] - b[i];
        }
        return d;
    }

    /** A fresh array base + Δ. */
    static float[] plus(float[] base, float[] delta) {
        float[] out = new float[base.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = base[i] + delta[i];
        }
        return out;
    }

    /** The same update with its weights replaced by base + Δ. */
    static ClientUpdate withDelta(ClientUpdate u, float[] delta) {
        return new ClientUpdate(u.node(), plus(u.base(), delta), u.base(), u.numExamples(), u.staleness(), u.metrics());
    }
}
