package org.chorus.federated;

import java.util.Map;

/**
 * What a secure-aggregation stage's phase needs from the round: each node's instruction bytes, and what to do with
 * a node's answer. Called under the phase's monitor, so implementations need no locking of their own.
 */
interface SecureStage {

    /** A node's answer: its SecAggWire bytes, its masked input (SECAGG_MASK only, else null), weight and metrics. */
    record Answer(byte[] secagg, int[] masked, long numExamples, Map<String, Double> metrics) {}

    /** Coordinates of a masked input: the round's SecAgg dimension (the model, and any masked DP bit) plus the weight. */
    int maskedLength();

    /** The SecAggWire message the coordinator sends this node for the stage. */
    byte[] instructionFor(String node);

    /** Takes a node's answer, or throws {@code SecAggException} with the reason it is refused. */
    void accept(String node, Answer answer);
}
