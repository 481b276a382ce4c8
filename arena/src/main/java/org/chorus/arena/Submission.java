package org.chorus.arena;

import java.time.Instant;

/**
 * A submission as its caller may see it. {@code shownScore} is what the leaderboard shows for it (the public score,
 * rounded, or the Ladder's release); {@code publicScore} and {@code privateScore} are the exact scores, present only
 * for the host, and the private one for everyone once the competition is closed. {@code model} and {@code modelCommit}
 * name a model submission's repository and the commit its revision resolved to (null for a file).
 */
public record Submission(String id, String team, String user, String message, Instant submittedAt, String status, boolean late,
                         boolean selected, Double shownScore, Double publicScore, Double privateScore, String error,
                         String model, String modelCommit) {}
