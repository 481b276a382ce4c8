package org.chorus.xet;

/**
 * Whether the incubating Vector API can be used: the JVM must be started with
 * {@code --add-modules jdk.incubator.vector} (the chorus launcher does for the server and for uploads); without it
 * BLAKE3 runs scalar code. {@code -Dchorus.simd=false} turns it off.
 *
 * <p>Vector code is very slow until C2 compiles it (the interpreter and C1 box every vector), and compilation takes
 * seconds of calls. So a background thread warms {@link Blake3Lanes} up on a scratch buffer, and BLAKE3 stays scalar
 * until the warmed code is faster.
 */
final class VectorSupport {
    static final boolean AVAILABLE = detect();
    private static volatile boolean ready;

    private VectorSupport() {}

    /** True once SIMD BLAKE3 is both available and compiled. */
    static boolean ready() {
        return ready;
    }

    private static boolean detect() {
        if (!Boolean.parseBoolean(System.getProperty("chorus.simd", "true"))
                || ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return false;
        }
        try {
            if (Blake3Lanes.LANES < 4) {
                return false;
            }
        } catch (LinkageError e) {
            return false;
        }
        Thread warmUp = new Thread(VectorSupport::warmUp, "blake3-simd-warmup");
        warmUp.setDaemon(true);
        warmUp.start();
        return true;
    }

    private static void warmUp() {
        Blake3Lanes lanes = new Blake3Lanes(new int[8]);
        byte[] data = new byte[Blake3Lanes.LANES * Blake3.CHUNK_LEN];
        int[] cvs = new int[8 * Blake3Lanes.LANES];
        long deadline = System.nanoTime() + 300_000_000_000L;
        // Compiled code hashes a batch in a few microseconds; interpreted code takes milliseconds.
        long target = 8_000L * Blake3Lanes.LANES;
        int fastInARow = 0;
        while (fastInARow < 20 && System.nanoTime() < deadline) {
            long t = System.nanoTime();
            lanes.chunks(data, 0, Blake3Lanes.LANES, 0, cvs, 0);
            fastInARow = System.nanoTime() - t < target ? fastInARow + 1 : 0;
        }
        ready = fastInARow >= 20;
    }
}
