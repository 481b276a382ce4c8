package org.chorus.tracking;

/** A param or a tag. */
public record KeyValue(String key, String value) {}
