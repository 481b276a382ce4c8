package org.chorus.federated.strategy;

/**
 * A defence refused one client's update (weight beyond the task's bound, an update that ignored the clip norm it
 * was sent); the message is the reason the node gets back, and the node counts as failed for the round.
 */
public final class RejectedUpdate extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RejectedUpdate(String reason) {
        super(reason, null, false, false);
    }
}
