package org.chorus.federated.strategy;

import java.util.HashMap;
import java.util.Map;

/**
 * How the server turns the clients' weighted mean into the next global model: take it as is (FedAvg),
 * or treat {@code mean - global} as a pseudo-gradient for a server optimiser (Hsu et al. 2019 momentum;
 * Reddi et al. 2021 adaptive FedAdagrad, FedAdam, FedYogi, without bias correction as in the paper).
 */
sealed interface ServerUpdate {

    /** The next global weights and state; inputs are not modified ({@code mean} may be returned). */
    Aggregated apply(float[] global, float[] mean, StrategyState state, Map<String, Double> metrics);

    record Plain() implements ServerUpdate {
        @Override
        public Aggregated apply(float[] global, float[] mean, StrategyState state, Map<String, Double> metrics) {
            return new Aggregated(mean, state, metrics);
        }
    }

    /** FedAvgM: v = β·v + (global − mean); global −= lr·v. */
    record Momentum(float serverLr, float beta) implements ServerUpdate {
        @Override
        public Aggregated apply(float[] global, float[] mean, StrategyState state, Map<String, Double> metrics) {
            float[] old = state.tensors().get("momentum");
            float[] v = new float[global.length];
            for (int i = 0; i < v.length; i++) {
                float g = global[i] - mean[i];
                v[i] = old == null ? g : beta * old[i] + g;
            }
            float[] next = new float[global.length];
            for (int i = 0; i < next.length; i++) {
                next[i] = global[i] - serverLr * v[i];
            }
            return new Aggregated(next, new StrategyState(Map.of("momentum", v)), metrics);
        }
    }

    enum Rule { ADAGRAD, ADAM, YOGI }

    /** Δ = mean − global; m = β1·m + (1−β1)·Δ; v by rule; global += η·m / (√v + τ). */
    record Adaptive(Rule rule, float eta, float beta1, float beta2, float tau) implements ServerUpdate {
        @Override
        public Aggregated apply(float[] global, float[] mean, StrategyState state, Map<String, Double> metrics) {
            int n = global.length;
            float[] m0 = state.tensors().get("m");
            float[] v0 = state.tensors().get("v");
            float[] m = new float[n];
            float[] v = new float[n];
            float[] next = new float[n];
            for (int i = 0; i < n; i++) {
                float d = mean[i] - global[i];
                float d2 = d * d;
                float mPrev = m0 == null ? 0f : m0[i];
                float vPrev = v0 == null ? 0f : v0[i];
                m[i] = beta1 * mPrev + (1 - beta1) * d;
                v[i] = switch (rule) {
                    case ADAGRAD -> vPrev + d2;
                    case ADAM -> beta2 * vPrev + (1 - beta2) * d2;
                    case YOGI -> vPrev - (1 - beta2) * d2 * Math.signum(vPrev - d2);
                };
                next[i] = global[i] + eta * m[i] / ((float) Math.sqrt(v[i]) + tau);
            }
            Map<String, float[]> s = new HashMap<>();
            s.put("m", m);
            s.put("v", v);
            return new Aggregated(next, new StrategyState(s), metrics);
        }
    }
}
