package org.chorus.core.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The machine's host name as a default node id. Read from the kernel, not from {@code InetAddress.getLocalHost()},
 * which resolves the name and can hang for seconds where DNS is misconfigured.
 */
final class HostName {
    private static final Path KERNEL = Path.of("/proc/sys/kernel/hostname");

    private HostName() {}

    /** The host name reduced to a valid node id; "node" when none can be read. */
    static String asNodeId() {
        String name = System.getenv("HOSTNAME");
        if (name == null || name.isBlank()) {
            try {
                name = Files.isReadable(KERNEL) ? Files.readString(KERNEL) : null;
            } catch (IOException e) {
                name = null;
            }
        }
        String cleaned = name == null ? "" : name.strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-").replaceAll("^[._-]+", "");
        return cleaned.isEmpty() ? "node" : cleaned.substring(0, Math.min(63, cleaned.length()));
    }
}
