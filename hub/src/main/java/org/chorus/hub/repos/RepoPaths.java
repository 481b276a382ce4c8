package org.chorus.hub.repos;

import org.chorus.core.ChorusException;

/**
 * The one rule for file paths inside a repository, applied to every path parameter and commit entry:
 * relative, forward slashes, no empty, {@code .} or {@code ..} segments, no backslash, NUL or control
 * characters, nothing under {@code .git/}.
 */
public final class RepoPaths {
    public static final int MAX_LENGTH = 1024;

    private RepoPaths() {}

    public static String require(String path) {
        if (path == null || path.isEmpty()) {
            throw ChorusException.invalid("a file path is required");
        }
        if (path.length() > MAX_LENGTH) {
            throw ChorusException.invalid("file path is longer than " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\') {
                throw invalid(path, "contains a backslash or a control character");
            }
        }
        if (path.startsWith("/")) {
            throw invalid(path, "is absolute");
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw invalid(path, "has an empty, '.' or '..' segment");
            }
            if (segment.equalsIgnoreCase(".git")) {
                throw invalid(path, "is inside .git");
            }
        }
        return path;
    }

    /** A directory prefix for listings: empty means the root, else the same rule as files. */
    public static String requireDirectory(String path) {
        if (path == null || path.isEmpty()) {
            return "";
        }
        String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return p.isEmpty() ? "" : require(p);
    }

    private static ChorusException invalid(String path, String why) {
        return ChorusException.invalid("file path '" + path.replaceAll("\\p{Cntrl}", "?") + "' " + why);
    }
}
