package org.chorus.federated.strategy;

import java.util.Map;
import java.util.TreeMap;
import org.chorus.core.ChorusException;

/** The strategy catalogue: names, parameter defaults (Flower's where it has them) and validation. */
final class Strategies {
    private Strategies() {}

    static Strategy create(String name, Map<String, Double> given) {
        String key = name.toLowerCase(java.util.Locale.ROOT);
        return switch (key) {
            case "fedavg" -> new MeanStrategy(key, params(key, given, Map.of()), new ServerUpdate.Plain(), Map.of());
            case "fedprox" -> {
                Map<String, Double> p = params(key, given, Map.of("proximal_mu", 0.01));
                yield new MeanStrategy(key, p, new ServerUpdate.Plain(), Map.of("proximal_mu", p.get("proximal_mu")));
            }
            case "fedavgm" -> {
                Map<String, Double> p = params(key, given, Map.of("server_lr", 1.0, "server_momentum", 0.9));
                yield new MeanStrategy(key, p, new ServerUpdate.Momentum(f(p, "server_lr"), f(p, "server_momentum")), Map.of());
            }
            case "fedadagrad", "fedadam", "fedyogi" -> {
                Map<String, Double> p = params(key, given, Map.of("eta", 0.1, "beta_1", 0.9, "beta_2", 0.99, "tau", 1e-9));
                ServerUpdate.Rule rule = switch (key) {
                    case "fedadagrad" -> ServerUpdate.Rule.ADAGRAD;
                    case "fedadam" -> ServerUpdate.Rule.ADAM;
                    default -> ServerUpdate.Rule.YOGI;
                };
                yield new MeanStrategy(key, p, new ServerUpdate.Adaptive(rule, f(p, "eta"), f(p, "beta_1"), f(p, "beta_2"), f(p, "tau")), Map.of());
            }
            case "fedmedian" -> new RobustStrategy(key, params(key, given, Map.of()), new RobustRule.Median());
            case "fedtrimmedavg" -> {
                Map<String, Double> p = params(key, given, Map.of("beta", 0.2));
                yield new RobustStrategy(key, p, new RobustRule.TrimmedMean(p.get("beta")));
            }
            case "krum", "multikrum" -> {
                Map<String, Double> p = params(key, given, Map.of("num_malicious", 0.0, "keep", key.equals("krum") ? 1.0 : 3.0));
                yield new RobustStrategy(key, p, new RobustRule.Krum(p.get("num_malicious").intValue(), p.get("keep").intValue()));
            }
            case "bulyan" -> {
                Map<String, Double> p = params(key, given, Map.of("num_malicious", 1.0));
                if (p.get("num_malicious") < 0) {
                    throw ChorusException.invalid("bulyan's num_malicious must not be negative");
                }
                yield new RobustStrategy(key, p, new RobustRule.Bulyan(p.get("num_malicious").intValue()));
            }
            case "fedbuff" -> new FedBuff(params(key, given, Map.of("server_lr", 1.0, "max_staleness", 5.0)));
            default -> throw ChorusException.invalid("unknown strategy " + name
                    + " (fedavg, fedprox, fedavgm, fedadam, fedyogi, fedadagrad, fedmedian, fedtrimmedavg, krum, multikrum, bulyan, fedbuff)");
        };
    }

    private static Map<String, Double> params(String strategy, Map<String, Double> given, Map<String, Double> defaults) {
        Map<String, Double> out = new TreeMap<>(defaults);
        given.forEach((k, v) -> {
            if (!defaults.containsKey(k)) {
                throw ChorusException.invalid("strategy " + strategy + " has no parameter " + k + "; it takes " + defaults.keySet());
            }
            if (v == null || !Double.isFinite(v)) {
                throw ChorusException.invalid("strategy parameter " + k + " must be a finite number");
            }
            out.put(k, v);
        });
        return out;
    }

    private static float f(Map<String, Double> p, String k) {
        return p.get(k).floatValue();
    }
}
