package org.chorus.core;

import java.util.regex.Pattern;

/** The one rule for user, organisation, token and repository names. */
public final class Names {
    public static final int MAX_LENGTH = 96;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,95}");

    private Names() {}

    /** Returns the name if valid, else throws INVALID_ARGUMENT naming the field and the rule. */
    public static String require(String what, String name) {
        if (name == null || name.isEmpty()) {
            throw ChorusException.invalid(what + " is required");
        }
        if (name.length() > MAX_LENGTH) {
            throw ChorusException.invalid(what + " is longer than " + MAX_LENGTH + " characters");
        }
        if (!NAME.matcher(name).matches() || name.contains("..") || name.endsWith(".git")) {
            throw ChorusException.invalid(what + " '" + printable(name) + "' must match [A-Za-z0-9][A-Za-z0-9._-]{0,95}"
                    + " and contain no '..' nor end in '.git'");
        }
        return name;
    }

    /**
     * A name about to be given to a new user, organisation or repository: {@link #require}, and, as the Hub's
     * clients check ids ({@code validate_repo_id} in huggingface_hub), ending in a letter, digit or underscore and
     * without {@code --}: a repository {@code x.} could be created but not used from Python. Names given before this
     * rule still resolve through {@link #require}.
     */
    public static String requireNew(String what, String name) {
        require(what, name);
        char last = name.charAt(name.length() - 1);
        if (!(Character.isLetterOrDigit(last) || last == '_') || name.contains("--")) {
            throw ChorusException.invalid(what + " '" + name + "' must end in a letter, digit or '_' and not contain '--'");
        }
        return name;
    }

    private static String printable(String s) {
        return s.replaceAll("\\p{Cntrl}", "?");
    }
}
