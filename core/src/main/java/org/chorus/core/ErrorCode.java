package org.chorus.core;

/**
 * The closed set of failure kinds every module reports. Protocol adapters map each code to their own
 * shape (HTTP status, HF {@code X-Error-Code}, MLflow {@code error_code}) in one table in the server.
 */
public enum ErrorCode {
    INVALID_ARGUMENT,
    UNAUTHENTICATED,
    PERMISSION_DENIED,
    NOT_FOUND,
    REPO_NOT_FOUND,
    REVISION_NOT_FOUND,
    ENTRY_NOT_FOUND,
    ALREADY_EXISTS,
    /** A compare-and-swap lost: stale parent commit, concurrent ref update. */
    CONFLICT,
    PAYLOAD_TOO_LARGE,
    RANGE_NOT_SATISFIABLE,
    /** Too many failed attempts from this address or for this account; the caller should wait and retry. */
    RATE_LIMITED,
    /** Stored bytes failed verification; the message names the object. */
    DATA_CORRUPTED,
    /** The backend has no room left; nothing already stored was touched. */
    STORAGE_FULL,
    UNAVAILABLE,
    INTERNAL
}
