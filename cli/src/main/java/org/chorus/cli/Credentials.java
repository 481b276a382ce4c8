package org.chorus.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/** Where the CLI finds its token: CHORUS_TOKEN, then HF_TOKEN, then the file {@code chorus login} wrote. */
final class Credentials {
    private final CliContext context;

    Credentials(CliContext context) {
        this.context = context;
    }

    Path file() {
        return context.chorusHome().resolve("token");
    }

    Optional<String> token() {
        for (String var : new String[] {"CHORUS_TOKEN", "HF_TOKEN"}) {
            String v = context.env().get(var);
            if (v != null && !v.isBlank()) {
                return Optional.of(v.strip());
            }
        }
        try {
            return Files.isRegularFile(file()) ? Optional.of(Files.readString(file(), StandardCharsets.UTF_8).strip()) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file(), e);
        }
    }

    /** Writes the token readable by the owner only, replacing any earlier one in one step. */
    void store(String token) {
        try {
            Files.createDirectories(context.chorusHome());
            Path tmp = Files.createTempFile(context.chorusHome(), "token", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, token + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, file(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file(), e);
        }
    }
}
