package org.chorus.storage;

import java.io.IOException;

/** Runs a baseline command with its output discarded and returns its wall time in seconds. */
final class Shell {
    private Shell() {}

    static double seconds(String... command) throws IOException, InterruptedException {
        long t = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed");
        }
        return (System.nanoTime() - t) / 1e9;
    }
}
