package org.chorus.arena;

import java.time.Instant;
import org.chorus.core.ChorusException;

/** A stretch of a competition, from {@code startsAt} (inclusive) to {@code endsAt} (exclusive), UTC, with its own daily cap. */
public record Phase(String name, Instant startsAt, Instant endsAt, int dailyCap) {
    public Phase {
        if (name == null || name.isBlank() || name.length() > 96 || name.chars().anyMatch(Character::isISOControl)) {
            throw ChorusException.invalid("a phase needs a name of 1 to 96 printable characters");
        }
        if (startsAt == null || endsAt == null || !endsAt.isAfter(startsAt)) {
            throw ChorusException.invalid("phase '" + name + "' must end after it starts");
        }
        if (dailyCap < 1 || dailyCap > 1000) {
            throw ChorusException.invalid("phase '" + name + "': the daily cap must be between 1 and 1000");
        }
    }

    boolean contains(Instant t) {
        return !t.isBefore(startsAt) && t.isBefore(endsAt);
    }
}
