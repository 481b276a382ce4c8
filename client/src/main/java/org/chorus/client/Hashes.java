package org.chorus.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.LongConsumer;

/** The two content ids a hub file can have: SHA-256 (LFS oid) and git's blob SHA-1. */
final class Hashes {
    private static final int BUFFER = 1 << 20;

    private Hashes() {}

    static String sha256(Path file, LongConsumer progress) {
        return hex(digest("SHA-256", file, null, progress));
    }

    /** git's object id for a blob: SHA-1 over {@code "blob <size>\0"} then the bytes. */
    static String gitBlobSha1(Path file) {
        try {
            byte[] header = ("blob " + Files.size(file) + "\0").getBytes(StandardCharsets.US_ASCII);
            return hex(digest("SHA-1", file, header, n -> { }));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] digest(String algorithm, Path file, byte[] prefix, LongConsumer progress) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance(algorithm);
            if (prefix != null) {
                md.update(prefix);
            }
            byte[] buf = new byte[BUFFER];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
                progress.accept(n);
            }
            return md.digest();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every JDK", e);
        }
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
