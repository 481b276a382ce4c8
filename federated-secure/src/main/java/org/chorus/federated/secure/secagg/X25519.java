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

    static PublicKey publicKey(byte[] raw) {
        if (raw == null || raw.length != KEY_BYTES) {
            throw new SecAggException(SecAggException.Reason.MALFORMED_KEY, "public key must be 32 bytes");
        }
        byte[] big = new byte[KEY_BYTES + 1];
        for (int i = 0; i < KEY_BYTES; i++) {
            big[KEY_BYTES - i] = raw[i];
        }
        big[1] &= 0x7f; // RFC 7748: mask the top bit of the last byte
        try {
            return KeyFactory.getInstance("XDH").generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, new BigInteger(big)));
        } catch (GeneralSecurityException e) {
            throw new SecAggException(SecAggException.Reason.MALFORMED_KEY, "not an X25519 public key", e);
        }
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
