package org.chorus.federated.sim;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;

/**
 * Labelled images as flat floats in [0, 1], {@code pixels} per example, read from IDX files (gzipped
 * or not) as Fashion-MNIST and MNIST ship them.
 */
public record Dataset(float[] images, int[] labels, int rows, int cols, int classes) {
    /** Where Debian's {@code dataset-fashion-mnist} package installs the files. */
    public static final Path DEBIAN_FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

    public int size() {
        return labels.length;
    }

    public int pixels() {
        return rows * cols;
    }

    /** {@code train} or {@code t10k} split of Fashion-MNIST from {@code dir}. */
    public static Dataset fashionMnist(Path dir, String split) {
        return read(find(dir, split + "-images-idx3-ubyte"), find(dir, split + "-labels-idx1-ubyte"), 10);
    }

    private static Path find(Path dir, String name) {
        for (Path p : new Path[] {dir.resolve(name), dir.resolve(name + ".gz")}) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new ChorusException(ErrorCode.NOT_FOUND, name + " not found in " + dir
                + " (on Debian: apt-get install dataset-fashion-mnist)");
    }

    public static Dataset read(Path images, Path labels, int classes) {
        try (DataInputStream img = open(images); DataInputStream lab = open(labels)) {
            if (img.readInt() != 0x00000803 || lab.readInt() != 0x00000801) {
                throw ChorusException.invalid("not IDX image/label files: " + images + ", " + labels);
            }
            int n = img.readInt();
            int rows = img.readInt();
            int cols = img.readInt();
            if (lab.readInt() != n) {
                throw ChorusException.invalid("image and label counts differ");
            }
            byte[] px = img.readNBytes(Math.multiplyExact(n, rows * cols));
            byte[] lb = lab.readNBytes(n);
            if (px.length != n * rows * cols || lb.length != n) {
                throw ChorusException.invalid("IDX file is truncated");
            }
            float[] out = new float[px.length];
            for (int i = 0; i < px.length; i++) {
                out[i] = (px[i] & 0xff) / 255f;
            }
            int[] y = new int[n];
            for (int i = 0; i < n; i++) {
                y[i] = lb[i] & 0xff;
            }
            return new Dataset(out, y, rows, cols, classes);
        } catch (IOException e) {
            throw new ChorusException(ErrorCode.UNAVAILABLE, "cannot read " + images + ": " + e.getMessage(), e);
        }
    }

    private static DataInputStream open(Path p) throws IOException {
        InputStream in = new java.io.BufferedInputStream(Files.newInputStream(p), 1 << 16);
        return new DataInputStream(p.toString().endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in);
    }

    /** The first {@code n} examples. */
    public Dataset head(int n) {
        if (n >= size()) {
            return this; // no copy: a benchmark asks for the whole split once per configuration (220 MB for Fashion-MNIST)
        }
        float[] img = java.util.Arrays.copyOf(images, n * pixels());
        return new Dataset(img, java.util.Arrays.copyOf(labels, n), rows, cols, classes);
    }
}
