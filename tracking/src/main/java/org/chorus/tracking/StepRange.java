package org.chorus.tracking;

/** The first and last step logged for one metric of one run, and how many points lie between them. */
public record StepRange(long first, long last, long points) {}
