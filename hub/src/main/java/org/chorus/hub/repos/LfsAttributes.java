package org.chorus.hub.repos;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;

/** Enough of {@code .gitattributes} to know whether git-lfs tracks a path, and to make it do so. */
public final class LfsAttributes {
    private LfsAttributes() {}

    public static boolean tracks(String attributes, String path) {
        for (String line : attributes.split("\n")) {
            String[] parts = line.strip().split("\\s+");
            if (parts.length < 2 || parts[0].startsWith("#") || !line.contains("filter=lfs")) {
                continue;
            }
            String pattern = parts[0];
            String name = pattern.contains("/") ? path : path.substring(path.lastIndexOf('/') + 1);
            try {
                PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
                if (pattern.equals(path) || m.matches(Path.of(name))) {
                    return true;
                }
            } catch (RuntimeException e) {
                // a pattern Java's glob cannot read does not track anything here
            }
        }
        return false;
    }

    /** The attributes with a line tracking {@code path} added, unless a pattern already tracks it. */
    static String track(String attributes, String path) {
        if (tracks(attributes, path)) {
            return attributes;
        }
        String escaped = path.replace(" ", "[[:space:]]");
        String base = attributes.isEmpty() || attributes.endsWith("\n") ? attributes : attributes + "\n";
        return base + escaped + " filter=lfs diff=lfs merge=lfs -text\n";
    }
}
