package org.chorus.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The training run of the launcher's AOT cache (JEP 483): {@code ./chorus} runs this class once per build with
 * {@code -XX:AOTCacheOutput}, and the cache then holds the classes, linked, that short client commands load. It runs
 * {@code login}, {@code whoami}, {@code repo list}, {@code --help} and a refused and an unreachable request, in
 * process, against a stand-in server answering the hub's JSON, so the cache covers a whole request and its answer
 * (a run against a closed port left out the HTTP exchange and JSON parsing: a fifth of whoami's start).
 */
final class AotTraining {
    private static final String TOKEN = "hf_aotTrainingToken";
    private static final String WHOAMI = """
            {"type":"user","id":"1","name":"trainer","fullname":"Trainer","orgs":[{"name":"lab"}],"auth":{"type":"access_token",\
            "accessToken":{"displayName":"training","role":"write","createdAt":"2026-01-01T00:00:00.000Z"}}}""";
    private static final String MODELS = """
            [{"_id":"1","id":"trainer/model","modelId":"trainer/model","lastModified":"2026-01-01T00:00:00.000Z",\
            "private":false,"downloads":1,"likes":0,"tags":[]}]""";

    private AotTraining() {}

    public static void main(String[] args) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", AotTraining::answer);
        server.start();
        Path home = Files.createTempDirectory("chorus-aot-training");
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort();
            CliContext.system();
            CliContext quiet = new CliContext(Map.of(), home, new BufferedReader(Reader.nullReader()),
                    new PrintWriter(Writer.nullWriter()), new PrintWriter(Writer.nullWriter()), false);
            for (List<String> command : List.of(List.of("login", "--url", url, "--token", TOKEN), List.of("whoami"),
                    List.of("repo", "list"), List.of("repo", "list", "--type", "dataset"), List.of("--help"),
                    List.of("repo", "--help"), List.of("whoami", "--url", "http://127.0.0.1:1"))) {
                String[] a = command.toArray(String[]::new);
                Main.commandLine(quiet, a).execute(a);
            }
        } finally {
            server.stop(0);
            try (Stream<Path> files = Files.walk(home)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** whoami and the model list answer as the hub does; anything else is refused as the hub refuses a bad token. */
    private static void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String body = path.equals("/api/whoami-v2") ? WHOAMI : path.equals("/api/models") ? MODELS
                : "{\"error\":\"invalid or revoked token\"}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(body.startsWith("{\"error") ? 401 : 200, bytes.length);
        try (exchange) {
            exchange.getResponseBody().write(bytes);
        }
    }
}
