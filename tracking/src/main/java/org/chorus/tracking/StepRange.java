package org.chorus.tracking;

/** The first and last step logged for one metric of one run. */
public record StepRange(long first, long last) {}
