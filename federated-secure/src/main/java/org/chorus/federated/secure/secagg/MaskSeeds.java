package org.chorus.federated.secure.secagg;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;

/**
 * The seeds masks are expanded from, derived the same way by clients and by the server when it unmasks:
 * self mask = PRG(HKDF(b_u, round salt, "self-mask")); pair mask of u &lt; v = PRG(HKDF(X25519(s_u, S_v), round salt,
 * "pair-mask/u/v")), added by u and subtracted by v so it cancels in the sum.
 */
final class MaskSeeds {
    private static final byte[] BASE_POINT = basePoint();

    private MaskSeeds() {}

    static byte[] selfSeed(long roundId, byte[] seedSecret) {
        return Hkdf.derive(Hkdf.roundSalt(roundId), seedSecret, "chorus-secagg/self-mask", 32);
    }

    static byte[] pairSeed(long roundId, PrivateKey mine, byte[] theirPublic, int me, int them) {
        byte[] secret = X25519.agree(mine, theirPublic);
        return Hkdf.derive(Hkdf.roundSalt(roundId), secret,
                "chorus-secagg/pair-mask/" + Math.min(me, them) + "/" + Math.max(me, them), 32);
    }

    /** +1 if {@code me} adds the pair mask shared with {@code them}, −1 if it subtracts it. */
    static int pairSign(int me, int them) {
        return me < them ? 1 : -1;
    }

    /** SHA-256(round salt ‖ b): lets the server verify a reconstructed self-mask seed. */
    static byte[] commitment(long roundId, byte[] seedSecret) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(Hkdf.roundSalt(roundId));
            return digest.digest(seedSecret);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The raw public key of a raw private scalar (X25519 with the base point u = 9). */
    static byte[] publicOf(byte[] privateScalar) {
        return X25519.agree(X25519.privateKey(privateScalar), BASE_POINT);
    }

    private static byte[] basePoint() {
        byte[] u = new byte[X25519.KEY_BYTES];
        u[0] = 9;
        return u;
    }
}
