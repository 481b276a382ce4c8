package org.chorus.core;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Optional;

/**
 * The character rules every user-chosen path and ref name follows, whatever it names (a file in a repository, a
 * branch, an artifact): each '/'-separated component at most {@value #MAX_COMPONENT_BYTES} UTF-8 bytes (what
 * common file systems allow, so a client can write it to disk); no control, formatting or separator characters
 * (C0/C1 controls, bidi overrides such as U+202E, zero-width characters, BOM, line and paragraph separators), which
 * make two names look alike or a name look like another; no unpaired surrogates; and Unicode NFC form, so that a
 * name and its decomposed twin (what macOS writes) can never be two different files.
 */
public final class PathText {
    public static final int MAX_COMPONENT_BYTES = 255;

    private PathText() {}

    /** Why {@code text} breaks the rules, or empty if it follows them. */
    public static Optional<String> problem(String text) {
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (invisible(cp)) {
                return Optional.of(String.format("contains U+%04X, a control, formatting or separator character", cp));
            }
            i += Character.charCount(cp);
        }
        if (!Normalizer.isNormalized(text, Normalizer.Form.NFC)) {
            return Optional.of("is not in Unicode normalization form NFC: it has decomposed characters (as macOS writes"
                    + " them) and would be a second name beside its composed twin; normalize it to NFC");
        }
        for (String component : text.split("/", -1)) {
            int bytes = component.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_COMPONENT_BYTES) {
                return Optional.of("has a component of " + bytes + " bytes; at most " + MAX_COMPONENT_BYTES
                        + " UTF-8 bytes are allowed between slashes");
            }
        }
        return Optional.empty();
    }

    /** {@code text} with every character {@link #problem} refuses written as {@code \}{@code uXXXX}, for messages. */
    public static String printable(String text) {
        StringBuilder s = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (invisible(cp)) {
                s.append(String.format("\\u%04X", cp));
            } else {
                s.appendCodePoint(cp);
            }
            i += Character.charCount(cp);
        }
        return s.toString();
    }

    private static boolean invisible(int cp) {
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.SURROGATE -> true;
            default -> false;
        };
    }
}
