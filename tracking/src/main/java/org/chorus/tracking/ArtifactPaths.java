package org.chorus.tracking;

import org.chorus.core.ChorusException;

/** The one rule for artifact paths: relative, '/'-separated, no '.', '..', empty segments, backslashes or control characters. */
public final class ArtifactPaths {
    /** The scheme of this server's artifact proxy, the only artifact store it serves. */
    private static final String PROXY_SCHEME = "mlflow-artifacts:";

    private ArtifactPaths() {}

    /**
     * An experiment's {@code artifact_location}, if a client gives one: it must name the experiment's own directory in
     * this server's artifact store, {@code mlflow-artifacts:/<experiment id>}, or a directory under it. Anything else
     * would be handed to clients as where to read and write the experiment's artifacts: another host's or a local
     * file ({@code file:///etc}, {@code s3://…}, {@code ../../tmp/x}) that this server neither serves nor guards, or
     * another experiment's directory, whose permissions would then govern these runs' artifacts.
     */
    public static void requireExperimentLocation(String location, long experimentId) {
        if (location == null || location.isEmpty()) {
            return;
        }
        String own = PROXY_SCHEME + "/" + experimentId;
        String path = location.startsWith(PROXY_SCHEME + "/") && !location.startsWith(PROXY_SCHEME + "//")
                ? location.substring(PROXY_SCHEME.length() + 1) : null;
        boolean ok;
        try {
            ok = path != null && require(path, false).equals(path)
                    && (path.equals(Long.toString(experimentId)) || path.startsWith(experimentId + "/"));
        } catch (ChorusException e) {
            ok = false;
        }
        if (!ok) {
            throw ChorusException.invalid("Invalid artifact_location '" + location + "': this server stores and serves artifacts only"
                    + " in its own artifact store, so it must be omitted or be " + own + " or a directory under it");
        }
    }

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
