package org.chorus.xet;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Whether the incubating Vector API can be used: the JVM must be started with
 * {@code --add-modules jdk.incubator.vector} (the chorus launcher does for the server and for uploads); without it
 * BLAKE3 runs scalar code. {@code -Dchorus.simd=false} turns it off.
 *
 * <p>Vector code is very slow until C2 compiles it (the interpreter and C1 box every vector), and compilation takes
 * seconds of calls. So a background thread warms {@link Blake3Lanes} up on a scratch buffer, and BLAKE3 stays scalar
 * until the warmed code is faster. The warm-up starts once a process has hashed {@link #WARM_UP_AFTER} bytes, or
 * when {@link Blake3#prepareSimd} asks (a server calls it as it starts, so its first upload does not pay for it).
 */
final class VectorSupport {
    /**
     * Bytes hashed through {@link Blake3#hash} before the warm-up starts on its own. The warm-up costs about a core for
     * a few seconds, which only hashing hundreds of MiB repays; a small upload (a config file, a few MiB of weights)
     * took 0.2 s longer with it (`docs/design-notes.md`, *The SDK's Xet upload*).
     */
    static final long WARM_UP_AFTER = 64L << 20;
    private static final boolean PERMITTED = Boolean.parseBoolean(System.getProperty("chorus.simd", "true"))
            && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    private static final AtomicLong HASHED = new AtomicLong();
    private static volatile boolean started;
    private static volatile boolean available;
    private static volatile boolean ready;

    private VectorSupport() {}

    /** True once SIMD BLAKE3 is both available and compiled. */
    static boolean ready() {
        return ready;
    }

    /** Counts {@code bytes} hashed, and starts the warm-up once {@link #WARM_UP_AFTER} have been. */
    static void hashed(int bytes) {
        if (PERMITTED && !started && HASHED.addAndGet(bytes) >= WARM_UP_AFTER) {
            start();
        }
    }

    /** Whether SIMD can be used here; the first call starts the warm-up where it can. */
    static synchronized boolean start() {
        if (!started) {
            available = PERMITTED && lanesFit();
            started = true;
            if (available) {
                Thread warmUp = new Thread(VectorSupport::warmUp, "blake3-simd-warmup");
                warmUp.setDaemon(true);
                warmUp.start();
            }
        }
        return available;
    }

    private static boolean lanesFit() {
        try {
            return Blake3Lanes.LANES >= 4;
        } catch (LinkageError e) {
            return false;
        }
    }

    /**
     * Hashes a typical Xet chunk (64 KiB) over and over, through {@link Blake3#hash} as real calls go, until SIMD takes
     * under 0.8 of the time scalar code takes on the same thread (the best scalar time seen, measured now and then)
     * twenty times in a row; compiled, it takes a sixth (16 lanes) to a third (8). An absolute bound was fooled under
     * load: the vector code counted as fast while its G steps were compiled but the block around them was not yet,
     * and hashed at half the scalar speed for seconds. Where SIMD never wins, the thread gives up after a minute.
     */
    private static void warmUp() {
        Blake3 hasher = new Blake3(new byte[32]);
        byte[] data = new byte[64 * Blake3.CHUNK_LEN];
        long deadline = System.nanoTime() + 60_000_000_000L;
        long scalar = Long.MAX_VALUE;
        int fastInARow = 0;
        for (int i = 0; fastInARow < 20 && System.nanoTime() < deadline; i++) {
            if (i % 16 == 0) {
                long t = System.nanoTime();
                hasher.hash(data, 0, data.length, false);
                scalar = Math.min(scalar, System.nanoTime() - t);
            }
            long t = System.nanoTime();
            hasher.hash(data, 0, data.length, true);
            fastInARow = (System.nanoTime() - t) * 5 < scalar * 4 ? fastInARow + 1 : 0;
        }
        ready = fastInARow >= 20;
    }
}
