package org.chorus.cli;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a command may see of the outside world; tests pass their own instead of the process's. {@code terminal}
 * says a person is typing, so secrets are read without echo.
 */
record CliContext(Map<String, String> env, Path chorusHome, BufferedReader in, PrintWriter out, PrintWriter err, boolean terminal) {

    static CliContext system() {
        Map<String, String> env = System.getenv();
        return new CliContext(env, chorusHome(env, System.getProperty("user.home")),
                new BufferedReader(new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8)),
                new PrintWriter(System.out, true), new PrintWriter(System.err, true), System.console() != null);
    }

    /**
     * {@code $CHORUS_HOME}, else {@code .chorus} under {@code $HOME} as every Unix tool reads it — the JVM's
     * {@code user.home} comes from the password database and ignores {@code HOME=… chorus …} — else under
     * {@code user.home}.
     */
    static Path chorusHome(Map<String, String> env, String userHome) {
        String chorus = env.get("CHORUS_HOME");
        if (chorus != null && !chorus.isBlank()) {
            return Path.of(chorus);
        }
        String home = env.get("HOME");
        return Path.of(home != null && !home.isBlank() ? home : userHome, ".chorus");
    }
}
