package org.chorus.hub.repos;

import java.util.List;

/** One page of results and the total count across pages. */
public record Page<T>(List<T> items, long total, boolean hasMore) {}
