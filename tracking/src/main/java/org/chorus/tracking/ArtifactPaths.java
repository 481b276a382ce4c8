package org.chorus.tracking;

import org.chorus.core.ChorusException;

/** The one rule for artifact paths: relative, '/'-separated, no '.', '..', empty segments, backslashes or control characters. */
public final class ArtifactPaths {
    private ArtifactPaths() {}

    public static String require(String path, boolean allowRoot) {
        if (path == null || path.isEmpty() || path.equals("/")) {
            if (allowRoot) {
                return "";
            }
            throw ChorusException.invalid("An artifact path is required");
        }
        String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if (p.startsWith("/") || p.contains("\\") || p.chars().anyMatch(c -> c < 0x20)) {
            throw ChorusException.invalid("Invalid artifact path '" + path + "': it must be relative, use '/' and contain no control characters");
        }
        for (String segment : p.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw ChorusException.invalid("Invalid artifact path '" + path + "': empty, '.' and '..' segments are not allowed");
            }
        }
        return p;
    }
}
