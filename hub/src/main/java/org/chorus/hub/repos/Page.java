package org.chorus.hub.repos;

import java.util.List;
import org.chorus.core.ChorusException;

/** One page of results and the total count across pages ({@code -1} when not counted). */
public record Page<T>(List<T> items, long total, boolean hasMore) {
    public static final int MAX_LIMIT = 1000;

    /** Refuses a window no listing serves: offset below zero, limit outside 1..{@value #MAX_LIMIT}. */
    static void requireWindow(int offset, int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ChorusException.invalid("limit must be between 1 and " + MAX_LIMIT);
        }
        if (offset < 0) {
            throw ChorusException.invalid("offset must not be negative");
        }
    }

    /** A page from a query that asked for {@code limit + 1} rows, to know whether more follow. */
    static <T> Page<T> ofOneMore(List<T> rows, int limit) {
        boolean more = rows.size() > limit;
        return new Page<>(more ? List.copyOf(rows.subList(0, limit)) : rows, -1, more);
    }
}
