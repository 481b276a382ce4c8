package org.chorus.hub.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.chorus.core.MutableClock;
import org.chorus.core.db.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Failed authentication is counted per address and per account, shared by every node on the database, per window. */
abstract class AuthThrottleContract {
    static final AuthThrottle.Limits LIMITS = new AuthThrottle.Limits(5, 3, Duration.ofMinutes(10));
    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    Database db;
    AuthThrottle throttle;

    abstract Database newDatabase();

    @BeforeEach
    void setUp() {
        db = newDatabase();
        throttle = AuthThrottle.create(db, clock, LIMITS);
    }

    @AfterEach
    void tearDown() {
        if (db != null) {
            db.close();
        }
    }

    static AuthThrottle.Attempt from(String address) {
        return new AuthThrottle.Attempt(address, null);
    }

    @Test
    void anAddressOverItsLimitWaitsUntilItsWindowEndsThenStartsAfresh() {
        for (int i = 0; i < LIMITS.perAddress(); i++) {
            assertThat(throttle.failed(from("192.0.2.1"))).isEmpty();
            clock.advance(Duration.ofSeconds(10));
        }
        assertThat(throttle.lockedFor(from("192.0.2.1"))).contains(Duration.ofMinutes(10).minusSeconds(50));

        assertThat(throttle.failed(from("192.0.2.1"))).contains(Duration.ofMinutes(10).minusSeconds(50));
        assertThat(throttle.failed(from("192.0.2.2"))).isEmpty();
        clock.advance(Duration.ofMinutes(10).minusSeconds(51));
        assertThat(throttle.failed(from("192.0.2.1"))).contains(Duration.ofSeconds(1));

        clock.advance(Duration.ofSeconds(1));
        assertThat(throttle.lockedFor(from("192.0.2.1"))).isEmpty();
        assertThat(throttle.failed(from("192.0.2.1"))).isEmpty();
    }

    @Test
    void aKeyCountsAfreshOnceItsWindowEndedEvenBeforeTheSweepRemovesIt() {
        throttle.failed(from("198.51.100.1")); // sweeps now, next in one window
        clock.advance(Duration.ofMinutes(5));
        for (int i = 0; i <= LIMITS.perAddress(); i++) {
            throttle.failed(from("192.0.2.1"));
        }
        clock.advance(Duration.ofMinutes(5));
        throttle.failed(from("198.51.100.1")); // sweeps windows started 10 minutes ago: not 192.0.2.1's
        clock.advance(Duration.ofMinutes(6));

        for (int i = 0; i < LIMITS.perAddress(); i++) {
            assertThat(throttle.failed(from("192.0.2.1"))).isEmpty();
        }
        assertThat(throttle.failed(from("192.0.2.1"))).contains(Duration.ofMinutes(10));
    }

    @Test
    void anAccountIsCountedAcrossAddresses() {
        for (int i = 0; i < LIMITS.perAccount(); i++) {
            assertThat(throttle.failed(new AuthThrottle.Attempt("192.0.2." + i, "Bob"))).isEmpty();
        }
        assertThat(throttle.lockedFor(new AuthThrottle.Attempt("198.51.100.7", "bob"))).isPresent();
        assertThat(throttle.failed(new AuthThrottle.Attempt("198.51.100.7", "BOB"))).isPresent();
        assertThat(throttle.failed(new AuthThrottle.Attempt("198.51.100.7", "carol"))).isEmpty();
        assertThat(throttle.failed(from("198.51.100.7"))).isEmpty();
    }

    @Test
    void nodesSharingTheDatabaseCountTogether() {
        AuthThrottle other = AuthThrottle.create(db, clock, LIMITS);
        for (int i = 0; i < LIMITS.perAddress(); i++) {
            assertThat((i % 2 == 0 ? throttle : other).failed(from("192.0.2.1"))).isEmpty();
        }
        assertThat(other.failed(from("192.0.2.1"))).isPresent();
        assertThat(throttle.failed(from("192.0.2.1"))).isPresent();
    }

    @Test
    void ipv6ClientsAreCountedPerSlash64() {
        for (int i = 0; i < LIMITS.perAddress(); i++) {
            assertThat(throttle.failed(from("2001:db8:0:1::" + Integer.toHexString(i + 1)))).isEmpty();
        }
        assertThat(throttle.failed(from("2001:db8:0:1:ffff:ffff:ffff:ffff"))).isPresent();
        assertThat(throttle.failed(from("2001:db8:0:2::1"))).isEmpty();
        assertThat(SqlAuthThrottle.addressKey("::ffff:192.0.2.9")).isEqualTo("192.0.2.9");
    }

    @Test
    void endedWindowsLeaveTheTable() {
        throttle.failed(new AuthThrottle.Attempt("192.0.2.1", "bob"));
        clock.advance(Duration.ofMinutes(11));
        Optional<Duration> wait = throttle.failed(from("192.0.2.3"));

        assertThat(wait).isEmpty();
        java.util.List<String> keys = db.withHandle(h -> h.createQuery("SELECT scope_key FROM auth_failures").mapTo(String.class).list());
        assertThat(keys).containsExactly("a:192.0.2.3");
    }
}
