import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import org.chorus.client.ChorusClient;
import org.chorus.client.HubClient;
import org.chorus.client.HubModels.UploadFile;
import org.chorus.client.ProgressListener;
import org.chorus.client.RepoId;
import org.chorus.core.config.ChorusConfig;
import org.chorus.server.ChorusServer;

/**
 * Upload and download through the HF-compatible API (SDK, LFS multipart) against an in-process server, beside
 * sha256sum and cat on the same file in the same run; then a second version with 10% of its 1 MiB blocks rewritten.
 */
public class HubBench {
    static final String TOKEN = "hf_benchAdminToken0123456789";

    public static void main(String[] args) throws Exception {
        long size = (args.length > 0 ? Long.parseLong(args[0]) : 512) << 20;
        Path work = Files.createTempDirectory(Path.of("bench/out"), "hub-");
        Path file = work.resolve("model.bin");
        write(file, size, new Random(1));
        double sha = mbPerSecond(size, () -> run("sha256sum", file.toString()));
        double cat = mbPerSecond(size, () -> run("sh", "-c", "cat '" + file + "' > /dev/null"));

        ChorusConfig config = ChorusConfig.builder().host("127.0.0.1").port(0).dataDir(work.resolve("data")).federatedPort(-1)
                .bootstrapToken(TOKEN).build();
        try (ChorusServer server = ChorusServer.start(config)) {
            HubClient hub = ChorusClient.connect("http://127.0.0.1:" + server.port(), TOKEN).hub(work.resolve("state"));
            RepoId repo = RepoId.model("admin", "bench");
            hub.createRepo(repo, false);
            double up = mbPerSecond(size, () -> hub.upload(repo, "main", List.of(new UploadFile("model.bin", file)), "v1", ProgressListener.NONE));
            double down = mbPerSecond(size, () -> hub.download(repo, "main", "model.bin", work.resolve("cache1"), ProgressListener.NONE));
            long before = du(work.resolve("data/storage"));
            int changed = rewriteTenPercent(file, new Random(2));
            hub.upload(repo, "main", List.of(new UploadFile("model.bin", file)), "v2", ProgressListener.NONE);
            long added = du(work.resolve("data/storage")) - before;

            System.out.printf(Locale.ROOT, "file: %d MiB of random bytes; machine: %d cores%n", size >> 20, Runtime.getRuntime().availableProcessors());
            System.out.printf(Locale.ROOT, "upload (SDK over Xet, into the chunk store)        %7.1f MB/s   sha256sum %7.1f MB/s   ratio %.2f%n", up, sha, up / sha);
            System.out.printf(Locale.ROOT, "download (SDK, verified into the cache)             %7.1f MB/s   cat       %7.1f MB/s   ratio %.2f%n", down, cat, down / cat);
            System.out.printf(Locale.ROOT, "second version (%d of %d MiB blocks rewritten): stored %.3f of its size (git-lfs: 1.000)%n",
                    changed, size >> 20, added / (double) size);
        }
    }

    interface Step {
        void run() throws Exception;
    }

    static double mbPerSecond(long bytes, Step step) throws Exception {
        long t0 = System.nanoTime();
        step.run();
        return bytes / 1e6 / ((System.nanoTime() - t0) / 1e9);
    }

    static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed");
        }
    }

    static void write(Path file, long size, Random random) throws IOException {
        byte[] block = new byte[1 << 20];
        try (var out = Files.newOutputStream(file)) {
            for (long done = 0; done < size; done += block.length) {
                random.nextBytes(block);
                out.write(block);
            }
        }
    }

    static int rewriteTenPercent(Path file, Random random) throws IOException {
        byte[] block = new byte[1 << 20];
        int blocks = (int) (Files.size(file) >> 20);
        int changed = 0;
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            for (int i = 0; i < blocks; i++) {
                if (random.nextInt(10) == 0) {
                    random.nextBytes(block);
                    f.seek((long) i << 20);
                    f.write(block);
                    changed++;
                }
            }
        }
        return changed;
    }

    static long du(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
