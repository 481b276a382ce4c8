package org.chorus.core;

/** The one exception type domain code throws for expected failures; the message is shown to the user. */
public final class ChorusException extends RuntimeException {
    private final ErrorCode code;

    public ChorusException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ChorusException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    public static ChorusException invalid(String message) {
        return new ChorusException(ErrorCode.INVALID_ARGUMENT, message);
    }

    public static ChorusException notFound(String message) {
        return new ChorusException(ErrorCode.NOT_FOUND, message);
    }
}
