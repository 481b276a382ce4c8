package org.chorus.federated.secure.secagg;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts a pair of Shamir shares from one client to another with AES-256-GCM under
 * HKDF-SHA256(X25519(channel keys), round salt, "chorus-secagg/share-key"). Layout: 12-byte random nonce, then the
 * GCM ciphertext of (from, to, seed share, key share) with the tag; the associated data is (round, from, to), so a
 * share moved to another pair or round fails authentication.
 */
final class ShareCipher {
    static final int PLAIN_BYTES = 4 + 4 + 2 * Shamir.SHARE_BYTES;
    static final int CIPHER_BYTES = 12 + PLAIN_BYTES + 16;

    /** The decrypted content of one share message. */
    record Opened(byte[] seedShare, byte[] keyShare) {}

    private ShareCipher() {}

    static byte[] key(long roundId, byte[] agreedSecret) {
        return Hkdf.derive(Hkdf.roundSalt(roundId), agreedSecret, "chorus-secagg/share-key", 32);
    }

    static byte[] seal(byte[] key, long roundId, int from, int to, byte[] seedShare, byte[] keyShare, SecureRandom random) {
        byte[] nonce = new byte[12];
        random.nextBytes(nonce);
        ByteBuffer plain = ByteBuffer.allocate(PLAIN_BYTES).putInt(from).putInt(to).put(seedShare).put(keyShare);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
            cipher.updateAAD(aad(roundId, from, to));
            byte[] out = new byte[CIPHER_BYTES];
            System.arraycopy(nonce, 0, out, 0, 12);
            cipher.doFinal(plain.array(), 0, PLAIN_BYTES, out, 12);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is part of every JDK", e);
        }
    }

    static Opened open(byte[] key, long roundId, int from, int to, byte[] ciphertext) {
        if (ciphertext == null || ciphertext.length != CIPHER_BYTES) {
            throw new SecAggException(SecAggException.Reason.MALFORMED_SHARE, "share from " + from + " has the wrong size");
        }
        byte[] plain;
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, ciphertext, 0, 12));
            cipher.updateAAD(aad(roundId, from, to));
            plain = cipher.doFinal(ciphertext, 12, ciphertext.length - 12);
        } catch (AEADBadTagException e) {
            throw new SecAggException(SecAggException.Reason.MALFORMED_SHARE, "share from " + from + " fails authentication", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is part of every JDK", e);
        }
        ByteBuffer buffer = ByteBuffer.wrap(plain);
        if (buffer.getInt() != from || buffer.getInt() != to) {
            throw new SecAggException(SecAggException.Reason.MALFORMED_SHARE, "share from " + from + " is addressed to someone else");
        }
        byte[] seedShare = new byte[Shamir.SHARE_BYTES];
        byte[] keyShare = new byte[Shamir.SHARE_BYTES];
        buffer.get(seedShare).get(keyShare);
        return new Opened(seedShare, keyShare);
    }

    private static byte[] aad(long roundId, int from, int to) {
        return ByteBuffer.allocate(16).putLong(roundId).putInt(from).putInt(to).array();
    }
}
