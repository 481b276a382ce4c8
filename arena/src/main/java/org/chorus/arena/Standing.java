package org.chorus.arena;

import java.time.Instant;
import java.util.List;

/** A team's line on a leaderboard; {@code shakeUp} (private board only) is its public rank minus its private rank. */
public record Standing(int rank, String team, List<String> members, double score, int submissions, Instant lastSubmission,
                       Integer shakeUp) {}
