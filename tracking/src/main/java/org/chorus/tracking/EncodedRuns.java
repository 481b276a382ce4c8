package org.chorus.tracking;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * How a search answers each run: as the {@link Run} itself, or encoded (say, as wire JSON) and kept per run
 * while the run's {@code version} in the database is unchanged. Every change to a run raises its version in
 * the same transaction (database triggers, see migration V7), so a kept encoding is never served after a
 * change, whichever server or tool made it. A search page of 1,000 unchanged runs then costs the page query
 * instead of loading and encoding every run again (two thirds of a page's CPU).
 */
public final class EncodedRuns<T> {
    private static final EncodedRuns<Run> NONE = new EncodedRuns<>(run -> run, null);

    private final Function<Run, T> encoder;
    private final Cache<Long, Versioned<T>> kept;

    private EncodedRuns(Function<Run, T> encoder, Cache<Long, Versioned<T>> kept) {
        this.encoder = encoder;
        this.kept = kept;
    }

    /** Runs as loaded, nothing kept. */
    public static EncodedRuns<Run> none() {
        return NONE;
    }

    /**
     * Encodings kept up to {@code maxWeight} in total ({@code weight} of one, e.g. its length in bytes); least
     * useful first out. A {@code maxWeight} of 0 keeps nothing.
     */
    public static <T> EncodedRuns<T> kept(Function<Run, T> encoder, ToIntFunction<T> weight, long maxWeight) {
        if (maxWeight < 0) {
            throw new IllegalArgumentException("maxWeight must be >= 0, got " + maxWeight);
        }
        // Evicting on the calling thread keeps the bound exact at the moment a search returns.
        Cache<Long, Versioned<T>> cache = maxWeight == 0 ? null : Caffeine.newBuilder()
                .executor(Runnable::run)
                .maximumWeight(maxWeight)
                .<Long, Versioned<T>>weigher((id, v) -> weight.applyAsInt(v.encoded()))
                .build();
        return new EncodedRuns<>(encoder, cache);
    }

    /** The kept encoding of run {@code id} at {@code version}, or null. */
    T get(long id, long version) {
        if (kept == null) {
            return null;
        }
        Versioned<T> v = kept.getIfPresent(id);
        return v != null && v.version() == version ? v.encoded() : null;
    }

    /** Encodes a run loaded at {@code version} (or later: see RunSearch) and keeps it. */
    T encode(long id, long version, Run run) {
        T encoded = encoder.apply(run);
        if (kept != null) {
            kept.asMap().merge(id, new Versioned<>(version, encoded), (old, now) -> old.version() > now.version() ? old : now);
        }
        return encoded;
    }

    private record Versioned<T>(long version, T encoded) {}
}
