package org.chorus.federated.tensor;

import java.util.Arrays;

/** A named float tensor's shape. Equality compares the shape's contents, not the array's identity. */
public record TensorSpec(String name, long[] shape) {
    public TensorSpec {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a tensor needs a name");
        }
        shape = shape.clone();
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("tensor " + name + " has a negative dimension");
            }
        }
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** The number of elements. */
    public long size() {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorSpec t && t.name.equals(name) && Arrays.equals(t.shape, shape);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
