package org.chorus.client;

/** A request the server refused or could not answer; {@code status} is 0 when no HTTP answer came. */
public final class ChorusClientException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String errorCode;

    public ChorusClientException(int status, String errorCode, String message) {
        super(message);
        this.status = status;
        this.errorCode = errorCode;
    }

    public ChorusClientException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
        this.errorCode = null;
    }

    public int status() {
        return status;
    }

    /** The server's {@code X-Error-Code}, e.g. {@code RepoNotFound}; null if none was sent. */
    public String errorCode() {
        return errorCode;
    }
}
