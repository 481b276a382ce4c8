package org.chorus.xet;

import java.util.HexFormat;

/** Run in a child JVM: prints whether SIMD is available, then the BLAKE3 hash of 100,000 SplitMix bytes. */
final class ScalarHashMain {
    private ScalarHashMain() {}

    public static void main(String[] args) {
        byte[] data = SplitMix.randomData(100_000, 3);
        System.out.println(VectorSupport.start());
        System.out.println(HexFormat.of().formatHex(new Blake3(Hashing.DATA_KEY).hash(data, 0, data.length)));
    }
}
