package org.chorus.federated.secure.secagg;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Expands a 32-byte seed into a mask over Z_{2^32}: the AES-256-CTR keystream (zero IV; every seed is used for
 * one mask only) read as little-endian 32-bit words. Works in 16 KiB blocks into one buffer per call, so the cost
 * per coordinate is one AES block per four coordinates and no allocation.
 */
final class MaskPrg {
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int BLOCK_INTS = 4096;
    private static final byte[] ZEROS = new byte[BLOCK_INTS * 4];

    private MaskPrg() {}

    /** target[i] += sign · PRG(seed)[i] (mod 2^32) for i in [0, target.length); sign is +1 or -1. */
    static void apply(int[] target, byte[] seed, int sign) {
        if (sign != 1 && sign != -1) {
            throw new IllegalArgumentException("sign must be +1 or -1");
        }
        Cipher cipher = keystream(seed);
        byte[] buffer = new byte[Math.min(BLOCK_INTS, target.length) * 4];
        try {
            for (int start = 0; start < target.length; start += BLOCK_INTS) {
                int ints = Math.min(BLOCK_INTS, target.length - start);
                cipher.update(ZEROS, 0, ints * 4, buffer, 0);
                if (sign == 1) {
                    for (int i = 0; i < ints; i++) {
                        target[start + i] += (int) INT_LE.get(buffer, i * 4);
                    }
                } else {
                    for (int i = 0; i < ints; i++) {
                        target[start + i] -= (int) INT_LE.get(buffer, i * 4);
                    }
                }
            }
        } catch (ShortBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Cipher keystream(byte[] seed) {
        if (seed.length != 32) {
            throw new IllegalArgumentException("mask seeds are 32 bytes");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/CTR/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(seed, "AES"), new IvParameterSpec(new byte[16]));
            return cipher;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CTR is part of every JDK", e);
        }
    }
}
