package org.chorus.arena;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import org.chorus.core.ChorusException;

/**
 * What a leaderboard shows of a public score. {@link #EXACT}: the score itself (Kaggle); every submission leaks
 * information about the public split, so many submissions can overfit it. {@link #ROUNDED}: the score rounded to a
 * number of decimals; less leaks per submission, but adaptive attacks still overfit (more slowly). {@link #LADDER}:
 * Blum and Hardt's parameter-free Ladder: a score is released only when it beats the team's best by a significant
 * margin (see {@link Ladder}); otherwise the previous best is shown, so insignificant moves reveal nothing.
 */
public enum BoardMode {
    EXACT, ROUNDED, LADDER;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static BoardMode parse(String wire) {
        for (BoardMode m : values()) {
            if (m.wire().equals(wire)) {
                return m;
            }
        }
        throw ChorusException.invalid("leaderboard mode must be exact, rounded or ladder");
    }

    /** The score shown for a public score in EXACT and ROUNDED modes (the Ladder decides from loss vectors). */
    public double shown(double score, int digits) {
        return this == ROUNDED && Double.isFinite(score)
                ? new BigDecimal(score).setScale(digits, RoundingMode.HALF_EVEN).doubleValue() : score;
    }
}
