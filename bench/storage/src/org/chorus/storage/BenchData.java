package org.chorus.storage;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.SplittableRandom;

/** Generated benchmark inputs, so that every run measures the same bytes without downloading anything. */
final class BenchData {
    private BenchData() {}

    static void writeRandom(Path file, long size, long seed) throws IOException {
        if (Files.exists(file) && Files.size(file) == size) {
            return;
        }
        byte[] block = new byte[1 << 20];
        SplittableRandom r = new SplittableRandom(seed);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long done = 0; done < size; done += block.length) {
                fill(r, block);
                out.write(block, 0, (int) Math.min(block.length, size - done));
            }
        }
    }

    static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        fill(new SplittableRandom(seed), b);
        return b;
    }

    private static void fill(SplittableRandom r, byte[] b) {
        for (int i = 0; i < b.length; i += 8) {
            long v = r.nextLong();
            for (int k = 0; k < 8 && i + k < b.length; k++) {
                b[i + k] = (byte) (v >>> (8 * k));
            }
        }
    }

    /**
     * A safetensors-like file: JSON header, then float32 tensors of 1-4 MiB with normally distributed values; the
     * second version rewrites {@code changed} of the tensors (a fine-tune that touched some layers).
     */
    static byte[][] safetensors(int size, double changed) {
        SplittableRandom r = new SplittableRandom(4);
        byte[] header = "{\"__metadata__\":{\"format\":\"pt\"}}".getBytes(StandardCharsets.UTF_8);
        byte[] v1 = new byte[size];
        System.arraycopy(header, 0, v1, 8, header.length);
        int start = 8 + header.length;
        java.util.List<int[]> tensors = new java.util.ArrayList<>();
        for (int at = start; at < size; ) {
            int len = Math.min(size - at, (1 + r.nextInt(4)) << 20);
            tensors.add(new int[] {at, len});
            floats(r, v1, at, len);
            at += len;
        }
        byte[] v2 = v1.clone();
        long budget = (long) (size * changed);
        for (int i = 0; budget > 0; i = (i + 7) % tensors.size()) {
            int[] t = tensors.get(i);
            floats(r, v2, t[0], t[1]);
            budget -= t[1];
        }
        return new byte[][] {v1, v2};
    }

    private static void floats(SplittableRandom r, byte[] b, int at, int len) {
        for (int i = 0; i + 4 <= len; i += 4) {
            int bits = Float.floatToIntBits((float) (r.nextGaussian() * 0.02));
            b[at + i] = (byte) bits;
            b[at + i + 1] = (byte) (bits >>> 8);
            b[at + i + 2] = (byte) (bits >>> 16);
            b[at + i + 3] = (byte) (bits >>> 24);
        }
    }

    /** A CSV of about {@code size} bytes, and the same with {@code fraction} more rows appended. */
    static byte[][] csvAppend(int size, double fraction) {
        SplittableRandom r = new SplittableRandom(5);
        StringBuilder s = new StringBuilder(size + size / 50);
        s.append("id,model,accuracy,loss,timestamp\n");
        int row = 0;
        while (s.length() < size) {
            row(s, row++, r);
        }
        byte[] v1 = s.toString().getBytes(StandardCharsets.US_ASCII);
        int extra = (int) (row * fraction);
        for (int i = 0; i < extra; i++) {
            row(s, row++, r);
        }
        return new byte[][] {v1, s.toString().getBytes(StandardCharsets.US_ASCII)};
    }

    private static void row(StringBuilder s, int id, SplittableRandom r) {
        s.append(id).append(",model-").append(r.nextInt(500)).append(',').append(r.nextDouble()).append(',')
                .append(r.nextDouble() * 3).append(',').append(1_700_000_000L + id * 17L).append('\n');
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
