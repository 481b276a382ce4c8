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
        String home = env.get("CHORUS_HOME");
        Path dir = home != null && !home.isBlank() ? Path.of(home) : Path.of(System.getProperty("user.home"), ".chorus");
        return new CliContext(env, dir,
                new BufferedReader(new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8)),
                new PrintWriter(System.out, true), new PrintWriter(System.err, true), System.console() != null);
    }
}
