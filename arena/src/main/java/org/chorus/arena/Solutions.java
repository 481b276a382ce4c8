package org.chorus.arena;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.jdbi.v3.core.Handle;

/** Parsed solutions by competition, kept while their stored version is current (a node notices another's upload). */
final class Solutions {
    private record Cached(long version, Solution solution) {}

    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    Solution get(Handle h, Stored competition) {
        Long version = h.createQuery("SELECT version FROM arena_solutions WHERE competition_id = :c").bind("c", competition.id())
                .mapTo(Long.class).findOne()
                .orElseThrow(() -> new ChorusException(ErrorCode.CONFLICT, "the host of " + competition.spec().name()
                        + " has not uploaded the solution yet"));
        Cached cached = cache.get(competition.id());
        if (cached != null && cached.version() == version) {
            return cached.solution();
        }
        byte[] content = h.createQuery("SELECT content FROM arena_solutions WHERE competition_id = :c").bind("c", competition.id())
                .mapTo(byte[].class).one();
        CompetitionSpec spec = competition.spec();
        Solution parsed = Solution.parse(content, spec.metric(), spec.publicPercent(), competition.seed());
        cache.put(competition.id(), new Cached(version, parsed));
        return parsed;
    }
}
