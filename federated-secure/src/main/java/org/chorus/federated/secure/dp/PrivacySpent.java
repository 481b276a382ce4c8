package org.chorus.federated.secure.dp;

/** An (ε, δ) guarantee and the Rényi order that gave it. */
public record PrivacySpent(double epsilon, double delta, double optimalOrder) {}
