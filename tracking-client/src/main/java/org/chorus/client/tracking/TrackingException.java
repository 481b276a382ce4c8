package org.chorus.client.tracking;

/** A request the server refused or that could not be sent; {@code errorCode} is MLflow's (e.g. RESOURCE_DOES_NOT_EXIST). */
public final class TrackingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String errorCode;

    public TrackingException(int status, String errorCode, String message) {
        super(message);
        this.status = status;
        this.errorCode = errorCode;
    }

    public int status() {
        return status;
    }

    public String errorCode() {
        return errorCode;
    }

    /** Worth retrying: the server was unreachable, overloaded or failed internally. */
    public boolean retryable() {
        return status == 0 || status == 429 || status >= 500;
    }
}
