package org.chorus.federated;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chorus.federated.strategy.StrategyState;
import org.chorus.federated.tensor.ModelLayout;
import org.chorus.federated.tensor.Safetensors;
import org.chorus.federated.tensor.TensorSpec;
import org.chorus.federated.tensor.Weights;

/** A round's checkpoint: the global model plus strategy state as flat {@code __state__.<name>} tensors, in one safetensors file. */
record Checkpoint(int round, Weights model, StrategyState state) {
    private static final String STATE = "__state__.";

    byte[] toBytes() {
        List<TensorSpec> specs = new ArrayList<>(model.layout().tensors());
        List<float[]> parts = new ArrayList<>();
        parts.add(model.values());
        state.tensors().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            specs.add(new TensorSpec(STATE + e.getKey(), new long[] {e.getValue().length}));
            parts.add(e.getValue());
        });
        ModelLayout all = ModelLayout.of(specs);
        float[] values = new float[all.size()];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, values, at, p.length);
            at += p.length;
        }
        return Safetensors.write(new Weights(all, values), Map.of("round", Integer.toString(round)));
    }

    static Checkpoint fromBytes(byte[] bytes) {
        Safetensors.File file = Safetensors.read(bytes);
        Weights all = file.weights();
        List<TensorSpec> modelSpecs = new ArrayList<>();
        Map<String, float[]> state = new HashMap<>();
        for (TensorSpec t : all.layout().tensors()) {
            if (t.name().startsWith(STATE)) {
                state.put(t.name().substring(STATE.length()), all.tensor(t.name()));
            } else {
                modelSpecs.add(t);
            }
        }
        ModelLayout layout = ModelLayout.of(modelSpecs);
        float[] values = new float[layout.size()];
        System.arraycopy(all.values(), 0, values, 0, values.length);
        return new Checkpoint(Integer.parseInt(file.metadata().getOrDefault("round", "0")), new Weights(layout, values), new StrategyState(state));
    }

    static Map<String, byte[]> files(byte[] model, String card) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("model.safetensors", model);
        files.put("README.md", card.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return files;
    }
}
