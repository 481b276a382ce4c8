package org.chorus.federated.secure.secagg;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HKDF-SHA256 (RFC 5869), the one key-derivation function of the protocol. */
final class Hkdf {
    private static final int HASH_LEN = 32;

    private Hkdf() {}

    static byte[] derive(byte[] salt, byte[] inputKeyMaterial, String label, int length) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(salt.length == 0 ? new byte[HASH_LEN] : salt, "HmacSHA256"));
            byte[] prk = mac.doFinal(inputKeyMaterial);
            mac.init(new SecretKeySpec(prk, "HmacSHA256"));
            byte[] info = label.getBytes(StandardCharsets.UTF_8);
            byte[] out = new byte[length];
            byte[] block = new byte[0];
            int written = 0;
            for (int counter = 1; written < length; counter++) {
                mac.update(block);
                mac.update(info);
                mac.update((byte) counter);
                block = mac.doFinal();
                int n = Math.min(HASH_LEN, length - written);
                System.arraycopy(block, 0, out, written, n);
                written += n;
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** The per-round salt: binds every derived key to the round so nothing carries over between rounds. */
    static byte[] roundSalt(long roundId) {
        byte[] salt = "chorus-secagg-v1/round/........".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 8; i++) {
            salt[salt.length - 8 + i] = (byte) (roundId >>> (56 - 8 * i));
        }
        return salt;
    }
}
