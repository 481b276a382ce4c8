package org.chorus.hub.accounts;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.chorus.core.Names;
import org.chorus.core.db.Database;
import org.jdbi.v3.core.Handle;

/**
 * {@link AuthThrottle} over the {@code auth_failures} table: one row per key with the start of its window and the
 * failures in it. A key this node saw at its limit is remembered until its window ends, so a flood of failures from
 * one client costs no writes (and no reads) once it is over.
 */
final class SqlAuthThrottle implements AuthThrottle {
    /** Past this many remembered keys the memory is emptied rather than grown; the table still knows. */
    private static final int MAX_REMEMBERED = 10_000;
    /** IPv6 clients are counted per /64: one host usually holds a whole /64 and could rotate through it. */
    private static final int IPV6_PREFIX_BYTES = 8;

    private record Key(String name, int limit) {}

    /** A key's count after a failure and when its window ends. */
    private record Count(Key key, int failures, long windowEnd) {}

    private final Database db;
    private final Clock clock;
    private final Limits limits;
    private final Map<String, Long> overUntil = new ConcurrentHashMap<>();
    private volatile long nextSweep;

    SqlAuthThrottle(Database db, Clock clock, Limits limits) {
        this.db = db;
        this.clock = clock;
        this.limits = limits;
    }

    @Override
    public Optional<Duration> failed(Attempt attempt) {
        List<Key> keys = keys(attempt);
        long now = clock.millis();
        Optional<Duration> known = remembered(keys, now);
        if (known.isPresent()) {
            return known;
        }
        sweep(now);
        List<Count> counts = db.inTransaction(h -> {
            List<Count> out = new ArrayList<>();
            for (Key k : keys) {
                out.add(count(h, k, now));
            }
            return out;
        });
        long until = 0;
        for (Count c : counts) {
            if (c.failures() >= c.key().limit()) {
                remember(c.key(), c.windowEnd());
            }
            if (c.failures() > c.key().limit()) {
                until = Math.max(until, c.windowEnd());
            }
        }
        return until > now ? Optional.of(Duration.ofMillis(until - now)) : Optional.empty();
    }

    @Override
    public Optional<Duration> lockedFor(Attempt attempt) {
        List<Key> keys = keys(attempt);
        long now = clock.millis();
        Optional<Duration> known = remembered(keys, now);
        if (known.isPresent()) {
            return known;
        }
        long until = 0;
        for (Key k : keys) {
            Optional<Count> c = db.withHandle(h -> read(h, k));
            if (c.isPresent() && c.get().failures() >= k.limit() && c.get().windowEnd() > now) {
                remember(k, c.get().windowEnd());
                until = Math.max(until, c.get().windowEnd());
            }
        }
        return until > now ? Optional.of(Duration.ofMillis(until - now)) : Optional.empty();
    }

    private Count count(Handle h, Key k, long now) {
        h.createUpdate("INSERT INTO auth_failures (scope_key, window_start, failures) VALUES (:k, :now, 1)"
                        + " ON CONFLICT (scope_key) DO UPDATE SET"
                        + " failures = CASE WHEN auth_failures.window_start <= :stale THEN 1 ELSE auth_failures.failures + 1 END,"
                        + " window_start = CASE WHEN auth_failures.window_start <= :stale THEN :now ELSE auth_failures.window_start END")
                .bind("k", k.name()).bind("now", now).bind("stale", now - limits.window().toMillis()).execute();
        return read(h, k).orElseThrow();
    }

    private Optional<Count> read(Handle h, Key k) {
        return h.createQuery("SELECT window_start, failures FROM auth_failures WHERE scope_key = :k").bind("k", k.name())
                .map((rs, ctx) -> new Count(k, rs.getInt("failures"), rs.getLong("window_start") + limits.window().toMillis()))
                .findOne();
    }

    private Optional<Duration> remembered(List<Key> keys, long now) {
        long until = 0;
        for (Key k : keys) {
            Long end = overUntil.get(k.name());
            if (end != null && end <= now) {
                overUntil.remove(k.name(), end);
            } else if (end != null) {
                until = Math.max(until, end);
            }
        }
        return until > now ? Optional.of(Duration.ofMillis(until - now)) : Optional.empty();
    }

    private void remember(Key k, long windowEnd) {
        if (overUntil.size() >= MAX_REMEMBERED) {
            overUntil.clear();
        }
        overUntil.merge(k.name(), windowEnd, Math::max);
    }

    /** Forgets ended windows, at most once a window per node, so the table holds only recent failures. */
    private void sweep(long now) {
        if (now < nextSweep) {
            return;
        }
        nextSweep = now + limits.window().toMillis();
        db.useTransaction(h -> h.createUpdate("DELETE FROM auth_failures WHERE window_start <= :stale")
                .bind("stale", now - limits.window().toMillis()).execute());
    }

    private List<Key> keys(Attempt attempt) {
        List<Key> keys = new ArrayList<>(2);
        keys.add(new Key("a:" + addressKey(attempt.address()), limits.perAddress()));
        String account = attempt.account() == null ? "" : attempt.account().strip();
        if (!account.isEmpty() && account.length() <= Names.MAX_LENGTH) {
            keys.add(new Key("u:" + account.toLowerCase(Locale.ROOT), limits.perAccount()));
        }
        return keys;
    }

    /** IPv4 addresses as they are, IPv6 addresses as their /64; anything else (never an IP literal) as its first 64 characters. */
    static String addressKey(String address) {
        String a = address == null ? "" : address.strip();
        InetAddress ip;
        try {
            ip = InetAddress.ofLiteral(a);
        } catch (IllegalArgumentException e) {
            return a.length() > 64 ? a.substring(0, 64) : a;
        }
        byte[] bytes = ip.getAddress();
        return bytes.length == 4 ? ip.getHostAddress() : HexFormat.of().formatHex(bytes, 0, IPV6_PREFIX_BYTES) + "::/64";
    }
}
