package org.chorus.federated.secure.secagg;

/**
 * A secure-aggregation message rejected or a round aborted, with the reason as a closed set so the round loop can
 * map it (to a client failure or a failed round) without parsing text. Message texts never contain key material.
 */
public final class SecAggException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why. Per-message reasons exclude one client; {@link #abortsRound()} reasons end the round. */
    public enum Reason {
        /** Bytes that do not decode as a message (truncated, unknown tag, lengths beyond the end). */
        MALFORMED_MESSAGE,
        /** A message arrived in a stage where it does not belong, or twice. */
        WRONG_STAGE,
        /** The sender is not one of the round's clients, or not a neighbour of the recipient. */
        UNKNOWN_CLIENT,
        /** A public key is not 32 bytes, has small order, or equals another client's. */
        MALFORMED_KEY,
        /** An encrypted or revealed share fails authentication, is addressed to someone else, or has the wrong size. */
        MALFORMED_SHARE,
        /** A client sent a different number of shares than it has neighbours, or answered for clients not asked. */
        SHARE_COUNT_MISMATCH,
        /** A masked input identical to one already received from another client. */
        REPLAYED_INPUT,
        /** A masked input of the wrong length. */
        WRONG_DIMENSION,
        /** A declared weight outside [0, maxWeight]. */
        WEIGHT_OUT_OF_BOUND,
        /** The unmasked weight coordinate disagrees with the declared weights: some client lied about its weight. */
        WEIGHT_MISMATCH,
        /** The server asked a client to reveal both secrets of one peer, or itself, or with too few survivors. */
        INCONSISTENT_REQUEST,
        /** Fewer clients remain than the threshold: the round aborts and reveals nothing. */
        TOO_FEW_CLIENTS,
        /** Fewer than threshold shares of a secret needed for unmasking came back: the round aborts. */
        NOT_ENOUGH_SHARES,
        /** A reconstructed secret does not match its commitment (a client revealed a corrupted share). */
        RECONSTRUCTION_FAILED;

        public boolean abortsRound() {
            return this == TOO_FEW_CLIENTS || this == NOT_ENOUGH_SHARES || this == WEIGHT_MISMATCH
                    || this == RECONSTRUCTION_FAILED;
        }
    }

    private final Reason reason;

    public SecAggException(Reason reason, String message) {
        super(reason + ": " + message);
        this.reason = reason;
    }

    public SecAggException(Reason reason, String message, Throwable cause) {
        super(reason + ": " + message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
