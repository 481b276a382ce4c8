package org.chorus.federated.strategy;

/** A selected node that did not contribute, and why: timed out, disconnected, rejected result. */
public record Failure(String node, String reason) {}
