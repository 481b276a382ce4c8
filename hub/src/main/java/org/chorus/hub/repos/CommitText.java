package org.chorus.hub.repos;

import org.chorus.core.ChorusException;

/**
 * The rule for commit and tag messages, from the API, the pages and pushes alike: any text but NUL and control
 * characters other than tab and line breaks. git's fsck refuses a NUL in a commit ({@code nulInCommit}), so a
 * repository holding one can no longer be cloned by clients that check objects ({@code transfer.fsckObjects}); other
 * control characters are terminal escapes acting on whoever runs {@code git log}.
 */
public final class CommitText {
    private CommitText() {}

    /** {@code text} (may be null: no message), else throws INVALID_ARGUMENT naming {@code what}. */
    public static String require(String what, String text) {
        if (text != null && problem(text)) {
            throw ChorusException.invalid(what + " contains a NUL or another control character (only tab and line breaks are allowed)");
        }
        return text;
    }

    /** Whether {@code text} breaks the rule. */
    static boolean problem(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') {
                return true;
            }
        }
        return false;
    }
}
