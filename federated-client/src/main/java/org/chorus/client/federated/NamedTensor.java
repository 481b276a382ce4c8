package org.chorus.client.federated;

import java.util.Arrays;

/** A named float tensor: shape and values in row-major order. */
public record NamedTensor(String name, long[] shape, float[] values) {
    public NamedTensor {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        if (n != values.length) {
            throw new IllegalArgumentException("tensor " + name + " of shape " + Arrays.toString(shape) + " needs " + n + " values, got " + values.length);
        }
    }
}
