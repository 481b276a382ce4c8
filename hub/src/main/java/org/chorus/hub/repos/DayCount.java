package org.chorus.hub.repos;

import java.time.LocalDate;

/** A count for one UTC day, for charts and heatmaps. */
public record DayCount(LocalDate day, long count) {}
