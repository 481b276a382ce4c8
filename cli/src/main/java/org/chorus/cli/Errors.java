package org.chorus.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import org.chorus.client.ChorusClientException;
import org.chorus.core.ChorusException;

/** One line for the user about a failure: what went wrong and the command that fixes it. */
final class Errors {
    private Errors() {}

    /** The line for {@code e} thrown by {@code command}; null for a bug, whose stack trace says more. */
    static String describe(Exception e, Object command) {
        if (e instanceof ChorusClientException refused) {
            return command instanceof ClientCommand c && c.connection != null ? advise(refused, c.connection) : refused.getMessage();
        }
        if (e instanceof ChorusException || e instanceof IllegalArgumentException) {
            return e.getMessage();
        }
        if (e instanceof UncheckedIOException u) {
            return u.getMessage() != null && u.getCause() != null && !u.getMessage().equals(String.valueOf(u.getCause()))
                    ? u.getMessage() + ": " + io(u.getCause()) : io(u.getCause());
        }
        return e instanceof IOException io ? io(io) : null;
    }

    private static String advise(ChorusClientException e, Connection to) {
        String said = e.getMessage().replaceFirst("^HTTP \\d+: ", "");
        return switch (e.status()) {
            case 0 -> e.getMessage() + "; start one with chorus serve, or name yours with --url or chorus login --url URL";
            case 401 -> to.token() == null
                    ? "not logged in to " + to.url() + ": run " + to.loginCommand()
                    : to.url() + " refused the token from " + to.tokenSource() + " (" + said + "): log in with a valid one: "
                            + to.loginCommand();
            case 403 -> "not allowed: " + said + (said.contains("read-only")
                    ? "; a write token does it: chorus tokens create NAME --role write, then chorus login with it" : "");
            default -> e.getMessage();
        };
    }

    /** The JDK's file errors carry only the path as their message. */
    static String io(IOException e) {
        String what = e.getMessage() == null || e.getMessage().isBlank() ? "" : ": " + e.getMessage();
        if (e instanceof NoSuchFileException) {
            return "no such file or folder" + what;
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied" + what;
        }
        if (e instanceof FileAlreadyExistsException) {
            return "already exists" + what;
        }
        return what.isEmpty() ? e.getClass().getSimpleName() : e.getMessage();
    }
}
