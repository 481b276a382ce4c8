package org.chorus.xet;

/**
 * Run in a child JVM with the Vector API module: hashes in steps and prints, after each, how many bytes it has hashed
 * and whether the SIMD warm-up thread is running.
 */
final class WarmUpOnDemandMain {
    private WarmUpOnDemandMain() {}

    public static void main(String[] args) {
        Blake3 hasher = new Blake3(Hashing.DATA_KEY);
        byte[] chunk = SplitMix.randomData(64 * 1024, 5);
        long hashed = 0;
        for (long goal : new long[] {chunk.length, VectorSupport.WARM_UP_AFTER - chunk.length, VectorSupport.WARM_UP_AFTER}) {
            for (; hashed < goal; hashed += chunk.length) {
                hasher.hash(chunk, 0, chunk.length);
            }
            boolean warming = Thread.getAllStackTraces().keySet().stream()
                    .anyMatch(t -> t.getName().equals("blake3-simd-warmup"));
            System.out.println(hashed + " " + warming);
        }
    }
}
