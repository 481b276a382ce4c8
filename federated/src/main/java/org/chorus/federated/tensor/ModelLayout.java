package org.chorus.federated.tensor;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ordered tensors of a model, laid end to end in one flat float array: aggregation works on the
 * flat array, names and shapes only matter at the edges (files, the wire, trainers).
 */
public final class ModelLayout {
    private final List<TensorSpec> tensors;
    private final int[] offsets;
    private final int size;
    private final Map<String, Integer> index = new HashMap<>();

    private ModelLayout(List<TensorSpec> tensors) {
        this.tensors = List.copyOf(tensors);
        this.offsets = new int[tensors.size() + 1];
        long total = 0;
        for (int i = 0; i < tensors.size(); i++) {
            TensorSpec t = tensors.get(i);
            if (index.put(t.name(), i) != null) {
                throw new IllegalArgumentException("tensor " + t.name() + " appears twice");
            }
            offsets[i] = (int) total;
            total += t.size();
            if (total > Integer.MAX_VALUE - 16) {
                throw new IllegalArgumentException("models above 2^31 parameters are not supported");
            }
        }
        offsets[tensors.size()] = (int) total;
        this.size = (int) total;
    }

    public static ModelLayout of(List<TensorSpec> tensors) {
        return new ModelLayout(tensors);
    }

    public List<TensorSpec> tensors() {
        return tensors;
    }

    /** Total number of parameters. */
    public int size() {
        return size;
    }

    public int offset(int tensor) {
        return offsets[tensor];
    }

    public Optional<Integer> indexOf(String name) {
        return Optional.ofNullable(index.get(name));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelLayout l && l.tensors.equals(tensors);
    }

    @Override
    public int hashCode() {
        return tensors.hashCode();
    }

    @Override
    public String toString() {
        return tensors.toString();
    }
}
