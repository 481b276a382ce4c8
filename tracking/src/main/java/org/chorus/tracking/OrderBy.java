package org.chorus.tracking;

/** One order-by clause, e.g. {@code metrics.loss ASC}. */
record OrderBy(Filter.Entity entity, String key, boolean ascending) {}
