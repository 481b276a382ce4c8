package org.chorus.client.federated;

import java.util.Map;

/** Settings the coordinator sent with an instruction (epochs, lr, proximal_mu, round, ...). */
public record Config(Map<String, Object> values) {
    public Config {
        values = Map.copyOf(values);
    }

    public double getDouble(String key, double fallback) {
        Object v = values.get(key);
        return v instanceof Number n ? n.doubleValue() : v instanceof String s ? Double.parseDouble(s) : fallback;
    }

    public long getLong(String key, long fallback) {
        Object v = values.get(key);
        return v instanceof Number n ? n.longValue() : v instanceof String s ? Long.parseLong(s) : fallback;
    }

    public String getString(String key, String fallback) {
        Object v = values.get(key);
        return v == null ? fallback : String.valueOf(v);
    }
}
