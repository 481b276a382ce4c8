package org.chorus.federated.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** The flat-array kernels aggregation is built from, vectorized with the incubating Vector API. */
public final class VectorMath {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private VectorMath() {}

    /** {@code y += a * x}. */
    public static void axpy(float a, float[] x, float[] y) {
        check(x, y);
        int i = 0;
        int bound = S.loopBound(y.length);
        FloatVector va = FloatVector.broadcast(S, a);
        for (; i < bound; i += S.length()) {
            FloatVector.fromArray(S, x, i).fma(va, FloatVector.fromArray(S, y, i)).intoArray(y, i);
        }
        for (; i < y.length; i++) {
            y[i] = Math.fma(a, x[i], y[i]);
        }
    }

    /** {@code y *= a}. */
    public static void scale(float a, float[] y) {
        int i = 0;
        int bound = S.loopBound(y.length);
        for (; i < bound; i += S.length()) {
            FloatVector.fromArray(S, y, i).mul(a).intoArray(y, i);
        }
        for (; i < y.length; i++) {
            y[i] *= a;
        }
    }

    /** {@code out = x - y}. */
    public static void subtract(float[] x, float[] y, float[] out) {
        check(x, y);
        check(x, out);
        int i = 0;
        int bound = S.loopBound(x.length);
        for (; i < bound; i += S.length()) {
            FloatVector.fromArray(S, x, i).sub(FloatVector.fromArray(S, y, i)).intoArray(out, i);
        }
        for (; i < x.length; i++) {
            out[i] = x[i] - y[i];
        }
    }

    /** Sum of squared differences, accumulated in double per lane block. */
    public static double squaredDistance(float[] x, float[] y) {
        check(x, y);
        int i = 0;
        int bound = S.loopBound(x.length);
        double total = 0;
        FloatVector acc = FloatVector.zero(S);
        int blocks = 0;
        for (; i < bound; i += S.length()) {
            FloatVector d = FloatVector.fromArray(S, x, i).sub(FloatVector.fromArray(S, y, i));
            acc = d.fma(d, acc);
            if (++blocks == 1024) {
                total += acc.reduceLanes(VectorOperators.ADD);
                acc = FloatVector.zero(S);
                blocks = 0;
            }
        }
        total += acc.reduceLanes(VectorOperators.ADD);
        for (; i < x.length; i++) {
            double d = x[i] - y[i];
            total += d * d;
        }
        return total;
    }

    /** Whether every value is finite (no NaN, no infinity). */
    public static boolean allFinite(float[] x) {
        int i = 0;
        int bound = S.loopBound(x.length);
        for (; i < bound; i += S.length()) {
            // x - x is 0 for finite values and NaN for NaN and infinities
            FloatVector v = FloatVector.fromArray(S, x, i);
            if (v.sub(v).test(jdk.incubator.vector.VectorOperators.IS_NAN).anyTrue()) {
                return false;
            }
        }
        for (; i < x.length; i++) {
            if (!Float.isFinite(x[i])) {
                return false;
            }
        }
        return true;
    }

    private static void check(float[] x, float[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("length " + x.length + " != " + y.length);
        }
    }
}
