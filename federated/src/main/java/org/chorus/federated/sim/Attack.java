package org.chorus.federated.sim;

import java.util.Arrays;
import java.util.Locale;

/**
 * What a simulated Byzantine client does. Model poisoning acts on its honest update Δ = trained − received:
 * {@code sign-flip} sends −10·Δ (strong enough that 10% of the clients reverse a plain mean: 0.9 − 0.1·10 &lt; 0),
 * {@code scale} sends 10·Δ, {@code random} sends N(0, 1) per coordinate. {@code label-flip} poisons the data instead:
 * the client trains honestly on labels l → 9 − l.
 */
public enum Attack {
    SIGN_FLIP, SCALE, RANDOM, LABEL_FLIP;

    static final double SIGN_FLIP_SCALE = 10;
    static final double SCALE_FACTOR = 10;
    static final double RANDOM_STDDEV = 1;

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Attack parse(String s) {
        return Arrays.stream(values()).filter(a -> a.label().equals(s)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown attack " + s + " (sign-flip, scale, random, label-flip)"));
    }
}
