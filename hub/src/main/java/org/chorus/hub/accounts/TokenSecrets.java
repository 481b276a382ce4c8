package org.chorus.hub.accounts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/** Token secrets look like Hugging Face's ({@code hf_} + letters) because the official clients check the prefix. */
final class TokenSecrets {
    static final String PREFIX = "hf_";
    private static final int RANDOM_CHARS = 34;
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();

    private TokenSecrets() {}

    static String generate() {
        StringBuilder sb = new StringBuilder(PREFIX.length() + RANDOM_CHARS).append(PREFIX);
        for (int i = 0; i < RANDOM_CHARS; i++) {
            sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    /** {@code length} random letters and digits (about 5.95 bits each): session secrets and CSRF tokens. */
    static String random(int length) {
        String alphabet = ALPHABET + "0123456789";
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    static String hash(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Accepts our own format and a bootstrap secret chosen by the operator, within sane bounds. */
    static boolean plausible(String secret) {
        return secret != null && secret.startsWith(PREFIX) && secret.length() >= 3 + 16 && secret.length() <= 256
                && secret.chars().allMatch(c -> c > 32 && c < 127);
    }
}
