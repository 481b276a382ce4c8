package org.chorus.federated.secure.secagg;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.XECPrivateKey;
import java.security.interfaces.XECPublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import javax.crypto.KeyAgreement;

/** X25519 (RFC 7748) from the JDK's XDH provider, with keys as their raw 32-byte little-endian encodings. */
final class X25519 {
    static final int KEY_BYTES = 32;
    private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
    /**
     * The u-coordinates (mod p) of every point of order dividing 8 on Curve25519 and its twist: 0, 1, p−1 and the
     * two of order 8. Agreement with any of them yields the all-zero secret (checked against the JDK in tests).
     */
    static final BigInteger[] SMALL_ORDER_U = {
        BigInteger.ZERO, BigInteger.ONE, P.subtract(BigInteger.ONE),
        new BigInteger("325606250916557431795983626356110631294008115727848805560023387167927233504"),
        new BigInteger("39382357235489614581723060781553021112529911719440698176882885853963445705823"),
    };

    private X25519() {}

    static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("X25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("X25519 is part of every JDK since 11", e);
        }
    }

    static byte[] publicBytes(KeyPair pair) {
        BigInteger u = ((XECPublicKey) pair.getPublic()).getU();
        byte[] big = u.toByteArray(); // big-endian, maybe with a sign byte
        byte[] out = new byte[KEY_BYTES];
        for (int i = 0; i < KEY_BYTES && i < big.length; i++) {
            out[i] = big[big.length - 1 - i];
        }
        return out;
    }

    static byte[] privateBytes(KeyPair pair) {
        return ((XECPrivateKey) pair.getPrivate()).getScalar().orElseThrow();
    }

    /** Rejects keys that are not 32 bytes or whose point has small order, without a scalar multiplication. */
    static void checkPublic(byte[] raw) {
        BigInteger u = uCoordinate(raw).mod(P);
        for (BigInteger bad : SMALL_ORDER_U) {
            if (u.equals(bad)) {
                throw new SecAggException(SecAggException.Reason.MALFORMED_KEY, "public key has small order");
            }
        }
    }

    static PublicKey publicKey(byte[] raw) {
        try {
            return KeyFactory.getInstance("XDH").generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, uCoordinate(raw)));
        } catch (GeneralSecurityException e) {
            throw new SecAggException(SecAggException.Reason.MALFORMED_KEY, "not an X25519 public key", e);
        }
    }

    /** RFC 7748 decoding: little-endian, top bit masked; not yet reduced mod p. */
    private static BigInteger uCoordinate(byte[] raw) {
        if (raw == null || raw.length != KEY_BYTES) {
            throw new SecAggException(SecAggException.Reason.MALFORMED_KEY, "public key must be 32 bytes");
        }
        byte[] big = new byte[KEY_BYTES + 1];
        for (int i = 0; i < KEY_BYTES; i++) {
            big[KEY_BYTES - i] = raw[i];
        }
        big[1] &= 0x7f;
        return new BigInteger(big);
    }

    static PrivateKey privateKey(byte[] scalar) {
        try {
            return KeyFactory.getInstance("XDH").generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, scalar));
        } catch (GeneralSecurityException e) {
            throw new SecAggException(SecAggException.Reason.MALFORMED_KEY, "not an X25519 private key", e);
        }
    }

    /** The shared secret; rejects small-order points (an all-zero secret) as a malformed key. */
    static byte[] agree(PrivateKey mine, byte[] theirs) {
        try {
            KeyAgreement agreement = KeyAgreement.getInstance("X25519");
            agreement.init(mine);
            agreement.doPhase(publicKey(theirs), true);
            byte[] secret = agreement.generateSecret();
            int acc = 0;
            for (byte b : secret) {
                acc |= b;
            }
            if (acc == 0) {
                throw new SecAggException(SecAggException.Reason.MALFORMED_KEY, "public key has small order");
            }
            return secret;
        } catch (GeneralSecurityException e) {
            throw new SecAggException(SecAggException.Reason.MALFORMED_KEY, "key agreement failed", e);
        }
    }
}
