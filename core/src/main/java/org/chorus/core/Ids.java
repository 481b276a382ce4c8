package org.chorus.core;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;

/**
 * 24-hex-digit ids shaped like the Hugging Face Hub's: 4 bytes of seconds then 8 random bytes, so ids
 * sort roughly by creation time and never collide in practice.
 */
public final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {}

    public static String newId(Clock clock) {
        byte[] id = new byte[12];
        long seconds = clock.instant().getEpochSecond();
        id[0] = (byte) (seconds >>> 24);
        id[1] = (byte) (seconds >>> 16);
        id[2] = (byte) (seconds >>> 8);
        id[3] = (byte) seconds;
        byte[] random = new byte[8];
        RANDOM.nextBytes(random);
        System.arraycopy(random, 0, id, 4, 8);
        return HexFormat.of().formatHex(id);
    }
}
