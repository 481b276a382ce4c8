package org.chorus.federated.tensor;

/**
 * A model's parameters: a layout and the flat values in layout order. The array is shared, not
 * copied; holders treat it as immutable once built.
 */
public record Weights(ModelLayout layout, float[] values) {
    public Weights {
        if (values.length != layout.size()) {
            throw new IllegalArgumentException("layout has " + layout.size() + " parameters, values " + values.length);
        }
    }

    public static Weights zeros(ModelLayout layout) {
        return new Weights(layout, new float[layout.size()]);
    }

    /** The values of one tensor, copied out. */
    public float[] tensor(String name) {
        int i = layout.indexOf(name).orElseThrow(() -> new IllegalArgumentException("no tensor " + name));
        int from = layout.offset(i);
        int to = layout.offset(i + 1);
        float[] out = new float[to - from];
        System.arraycopy(values, from, out, 0, out.length);
        return out;
    }
}
