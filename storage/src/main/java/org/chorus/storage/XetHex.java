package org.chorus.storage;

import org.chorus.core.ChorusException;

/**
 * Parses Xet's string form of a hash (four little-endian u64 words, each printed as 16 lowercase hex digits; printing
 * is chorus-xet's {@code XetHash.hex}), and the plain hex of SHA-256.
 */
final class XetHex {
    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private XetHex() {}

    static byte[] parse(String hex) {
        byte[] plain = parsePlain(hex);
        byte[] out = new byte[32];
        for (int word = 0; word < 4; word++) {
            for (int i = 0; i < 8; i++) {
                out[word * 8 + i] = plain[word * 8 + 7 - i];
            }
        }
        return out;
    }

    static String formatPlain(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = DIGITS[(bytes[i] & 0xFF) >>> 4];
            out[2 * i + 1] = DIGITS[bytes[i] & 0xF];
        }
        return new String(out);
    }

    static byte[] parsePlain(String hex) {
        if (hex == null || hex.length() != 64) {
            throw ChorusException.invalid("a hash is 64 hex characters: " + hex);
        }
        byte[] out = new byte[32];
        for (int i = 0; i < 32; i++) {
            int hi = Character.digit(hex.charAt(2 * i), 16);
            int lo = Character.digit(hex.charAt(2 * i + 1), 16);
            if (hi < 0 || lo < 0) {
                throw ChorusException.invalid("not a hex hash: " + hex);
            }
            out[i] = (byte) (hi << 4 | lo);
        }
        return out;
    }
}
