package org.chorus.core;

/**
 * The one rule for U+0000 (NUL) in text a client sends: PostgreSQL's text types cannot hold it (the driver's
 * "invalid byte sequence for encoding UTF8: 0x00" was a 500) while SQLite stores it, so it is refused where text
 * enters, the same on both databases. Text derived from stored content (a model card) is {@link #strip}ped instead.
 */
public final class NulText {
    private NulText() {}

    public static boolean contains(String text) {
        return text != null && text.indexOf('\0') >= 0;
    }

    /** Whether {@code bytes} hold a zero byte (git's and the hub's sign of binary content; in a commit, git's {@code nulInCommit}). */
    public static boolean contains(byte[] bytes) {
        for (byte b : bytes) {
            if (b == 0) {
                return true;
            }
        }
        return false;
    }

    /** {@code value}, or INVALID_ARGUMENT naming {@code field} if it holds a NUL. */
    public static String require(String field, String value) {
        if (contains(value)) {
            throw refused(field);
        }
        return value;
    }

    public static ChorusException refused(String field) {
        return ChorusException.invalid("Invalid value for parameter '" + field + "': text may not contain U+0000 (NUL)");
    }

    /** {@code text} without its NUL characters (null stays null). */
    public static String strip(String text) {
        return contains(text) ? text.replace("\0", "") : text;
    }
}
