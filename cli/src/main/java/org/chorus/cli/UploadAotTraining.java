package org.chorus.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The training run of the launcher's AOT cache for {@code upload} (JEP 483 classes, JEP 515 method profiles):
 * {@code ./chorus} runs this class once per build with {@code -XX:AOTCacheOutput} and the upload's JVM flags. It
 * uploads a 100 MiB random file (a full 64 MiB xorb and a partial one) in process, through the real command, to a
 * stand-in hub whose Xet CAS knows no chunk and accepts every xorb and shard, so the cache holds the classes and the
 * profiles of reading, chunking, SHA-256, BLAKE3 and sending: a real upload's JVM then compiles its hot loops from
 * its first seconds instead of profiling them again (design notes, "The SDK's Xet upload").
 */
final class UploadAotTraining {
    private static final String TOKEN = "hf_aotTrainingToken";
    private static final int FILE_BYTES = 100 << 20;

    private UploadAotTraining() {}

    public static void main(String[] args) throws IOException {
        train();
    }

    /**
     * Runs the training upload; answers the xorb bytes the stand-in received. A command that fails throws: a stand-in
     * that no longer answers as the hub does would otherwise train the cache on an error path.
     */
    static long train() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        AtomicLong xorbBytes = new AtomicLong();
        server.createContext("/", exchange -> answer(exchange, url, xorbBytes));
        server.start();
        Path home = Files.createTempDirectory("chorus-aot-upload-training");
        try {
            Path file = home.resolve("model.bin");
            byte[] bytes = new byte[FILE_BYTES];
            SplittableRandom random = new SplittableRandom(1);
            for (int i = 0; i < bytes.length; i += 8) {
                long v = random.nextLong();
                for (int b = 0; b < 8; b++) {
                    bytes[i + b] = (byte) (v >>> (8 * b));
                }
            }
            Files.write(file, bytes);
            CliContext.system();
            CliContext quiet = new CliContext(Map.of(), home, new BufferedReader(Reader.nullReader()),
                    new PrintWriter(Writer.nullWriter()), new PrintWriter(Writer.nullWriter()), false);
            for (String[] a : new String[][] {{"login", "--url", url, "--token", TOKEN},
                    {"upload", "trainer/model", file.toString(), "--path-in-repo", "model.bin", "--quiet"}}) {
                int status = Main.commandLine(quiet, a).execute(a);
                if (status != 0) {
                    throw new IllegalStateException("the training's " + a[0] + " exited with " + status);
                }
            }
            return xorbBytes.get();
        } finally {
            server.stop(0);
            try (Stream<Path> files = Files.walk(home)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Answers as the hub and its CAS do for a new file in an empty repository; the CAS has no chunk to offer. */
    private static void answer(HttpExchange exchange, String url, AtomicLong xorbBytes) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            long received = in.transferTo(OutputStream.nullOutputStream());
            String path = exchange.getRequestURI().getPath();
            String body;
            int status = 200;
            if (path.equals("/api/whoami-v2")) {
                body = AotTraining.WHOAMI;
            } else if (path.contains("/preupload/")) {
                body = "{\"files\":[{\"path\":\"model.bin\",\"uploadMode\":\"lfs\"}]}";
            } else if (path.contains("/tree/")) {
                body = "[]";
            } else if (path.contains("/xet-write-token/")) {
                body = "{\"accessToken\":\"training\",\"casUrl\":\"" + url + "\",\"exp\":" + Long.MAX_VALUE / 2 + "}";
            } else if (path.startsWith("/v1/xorbs/")) {
                xorbBytes.addAndGet(received);
                body = "{\"was_inserted\":true}";
            } else if (path.equals("/v1/shards")) {
                body = "{\"result\":1}";
            } else if (path.contains("/commit/")) {
                body = "{\"commitOid\":\"0000000000000000000000000000000000000000\",\"commitUrl\":\"" + url + "/trainer/model\"}";
            } else {
                status = 404;
                body = "{\"error\":\"not found\"}";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }
}
