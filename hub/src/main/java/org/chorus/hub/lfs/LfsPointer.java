package org.chorus.hub.lfs;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** A git-lfs pointer file: the few lines git stores in place of a large file's bytes. */
public record LfsPointer(String oid, long size) {
    public static final int MAX_POINTER_SIZE = 1024;
    private static final String VERSION = "version https://git-lfs.github.com/spec/v1";

    public byte[] bytes() {
        return (VERSION + "\noid sha256:" + oid + "\nsize " + size + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Parses a blob as a pointer; empty if it is not one. */
    public static Optional<LfsPointer> parse(byte[] blob) {
        if (blob.length > MAX_POINTER_SIZE) {
            return Optional.empty();
        }
        String text = new String(blob, StandardCharsets.UTF_8);
        if (!text.startsWith("version https://git-lfs.github.com/spec/")) {
            return Optional.empty();
        }
        String oid = null;
        long size = -1;
        for (String line : text.split("\n")) {
            if (line.startsWith("oid sha256:")) {
                oid = line.substring("oid sha256:".length()).strip();
            } else if (line.startsWith("size ")) {
                try {
                    size = Long.parseLong(line.substring(5).strip());
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
            }
        }
        return oid != null && LargeFileStore.isSha256(oid) && size >= 0 ? Optional.of(new LfsPointer(oid, size)) : Optional.empty();
    }
}
