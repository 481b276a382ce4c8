package org.chorus.federated.secure.secagg;

import java.security.SecureRandom;

/**
 * Shamir t-of-n secret sharing of 32-byte secrets over the prime field GF(p), p = 2^61 − 1 (a Mersenne prime, so
 * reduction is two shifts and an add). A secret is split into five 7-byte limbs, each shared with its own random
 * polynomial of degree t−1 at the same points x = the holder's client id. A share is 5 field elements (40 bytes).
 */
final class Shamir {
    static final long P = (1L << 61) - 1;
    static final int LIMBS = 5;
    static final int SHARE_BYTES = LIMBS * 8;
    private static final int LIMB_BYTES = 7;
    private static final int SECRET_BYTES = 32;

    private Shamir() {}

    /** Shares {@code secret} at points {@code xs} (distinct, in [1, 2^31)); any {@code threshold} of them recover it. */
    static long[][] split(byte[] secret, int[] xs, int threshold, SecureRandom random) {
        if (secret.length != SECRET_BYTES) {
            throw new IllegalArgumentException("secrets are 32 bytes");
        }
        if (threshold < 1 || threshold > xs.length) {
            throw new IllegalArgumentException("threshold " + threshold + " with " + xs.length + " holders");
        }
        long[][] shares = new long[xs.length][LIMBS];
        long[] coefficients = new long[threshold];
        for (int limb = 0; limb < LIMBS; limb++) {
            coefficients[0] = limbValue(secret, limb);
            for (int c = 1; c < threshold; c++) {
                coefficients[c] = randomElement(random);
            }
            for (int h = 0; h < xs.length; h++) {
                long x = xs[h];
                long y = 0;
                for (int c = threshold - 1; c >= 0; c--) { // Horner
                    y = add(mul(y, x), coefficients[c]);
                }
                shares[h][limb] = y;
            }
        }
        return shares;
    }

    /** Lagrange interpolation at 0 from exactly the given shares (all of them are used). */
    static byte[] combine(int[] xs, long[][] shares) {
        int m = xs.length;
        long[] lambda = new long[m];
        for (int i = 0; i < m; i++) {
            long num = 1;
            long den = 1;
            for (int j = 0; j < m; j++) {
                if (j != i) {
                    num = mul(num, xs[j]);
                    den = mul(den, sub(xs[j], xs[i]));
                }
            }
            if (den == 0) {
                throw new SecAggException(SecAggException.Reason.MALFORMED_SHARE, "two shares at the same point");
            }
            lambda[i] = mul(num, inverse(den));
        }
        byte[] secret = new byte[SECRET_BYTES];
        for (int limb = 0; limb < LIMBS; limb++) {
            long value = 0;
            for (int i = 0; i < m; i++) {
                value = add(value, mul(lambda[i], shares[i][limb]));
            }
            if ((value >>> (8 * LIMB_BYTES)) != 0) {
                throw new SecAggException(SecAggException.Reason.RECONSTRUCTION_FAILED, "reconstructed limb out of range");
            }
            for (int b = 0; b < LIMB_BYTES && limb * LIMB_BYTES + b < SECRET_BYTES; b++) {
                secret[limb * LIMB_BYTES + b] = (byte) (value >>> (8 * b));
            }
        }
        return secret;
    }

    static byte[] encode(long[] share) {
        byte[] out = new byte[SHARE_BYTES];
        for (int limb = 0; limb < LIMBS; limb++) {
            for (int b = 0; b < 8; b++) {
                out[limb * 8 + b] = (byte) (share[limb] >>> (8 * b));
            }
        }
        return out;
    }

    static long[] decode(byte[] bytes) {
        if (bytes == null || bytes.length != SHARE_BYTES) {
            throw new SecAggException(SecAggException.Reason.MALFORMED_SHARE, "a share is " + SHARE_BYTES + " bytes");
        }
        long[] share = new long[LIMBS];
        for (int limb = 0; limb < LIMBS; limb++) {
            long v = 0;
            for (int b = 7; b >= 0; b--) {
                v = (v << 8) | (bytes[limb * 8 + b] & 0xff);
            }
            if (v < 0 || v >= P) {
                throw new SecAggException(SecAggException.Reason.MALFORMED_SHARE, "share element outside the field");
            }
            share[limb] = v;
        }
        return share;
    }

    private static long limbValue(byte[] secret, int limb) {
        long v = 0;
        for (int b = LIMB_BYTES - 1; b >= 0; b--) {
            int index = limb * LIMB_BYTES + b;
            v = (v << 8) | (index < SECRET_BYTES ? secret[index] & 0xff : 0);
        }
        return v;
    }

    private static long randomElement(SecureRandom random) {
        while (true) {
            long v = random.nextLong() & P;
            if (v != P) {
                return v;
            }
        }
    }

    static long add(long a, long b) {
        long r = a + b;
        return r >= P ? r - P : r;
    }

    static long sub(long a, long b) {
        long r = a - b;
        return r < 0 ? r + P : r;
    }

    static long mul(long a, long b) {
        long lo = a * b;
        long hi = Math.multiplyHigh(a, b);
        long r = (lo & P) + ((lo >>> 61) | (hi << 3));
        r = (r & P) + (r >>> 61);
        return r >= P ? r - P : r;
    }

    static long inverse(long a) {
        long result = 1;
        long base = a;
        long e = P - 2;
        while (e > 0) {
            if ((e & 1) == 1) {
                result = mul(result, base);
            }
            base = mul(base, base);
            e >>>= 1;
        }
        return result;
    }
}
