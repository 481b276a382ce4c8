package org.chorus.storage;

/**
 * Whether the incubating Vector API can be used: the JVM must be started with
 * {@code --add-modules jdk.incubator.vector} (the chorus launcher does). {@code -Dchorus.simd=false} turns it off.
 */
final class VectorSupport {
    static final boolean AVAILABLE = detect();

    private VectorSupport() {}

    private static boolean detect() {
        if (!Boolean.parseBoolean(System.getProperty("chorus.simd", "true"))
                || ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return false;
        }
        try {
            return Blake3Lanes.LANES >= 4;
        } catch (LinkageError e) {
            return false;
        }
    }
}
