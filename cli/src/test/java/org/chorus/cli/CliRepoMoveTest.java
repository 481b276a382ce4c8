package org.chorus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * repo move against a server that lacks {@code POST /api/repos/move} (an older Chorus, here a plain HTTP server that
 * records what it gets): the request is the Hub's, and the answer names the missing endpoint and the way around it.
 * The move itself, against the real server, is in CliCompleteCommandsTest.
 */
class CliRepoMoveTest {
    @TempDir
    Path dir;

    @Test
    void moveSendsTheHubsRequestAndAServerWithoutItIsNamed() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        HttpServer hub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hub.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " " + body);
            boolean known = exchange.getRequestURI().getPath().equals("/api/repos/move") && body.contains("\"fromRepo\":\"alice/x\"");
            byte[] answer = (known ? "{}" : "{\"error\":\"not found\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(known ? 200 : 404, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        hub.start();
        try {
            String url = "http://127.0.0.1:" + hub.getAddress().getPort();
            CliHarness cli = new CliHarness(dir, Map.of("HF_TOKEN", "hf_testTokenForTheMoveCommand0"));

            assertThat(cli.runAt(url, "", "repo", "move", "alice/x", "vision-lab/y")).as(cli.err()).isZero();
            assertThat(cli.out()).contains("Moved alice/x to vision-lab/y");
            assertThat(seen).containsExactly("POST /api/repos/move {\"fromRepo\":\"alice/x\",\"toRepo\":\"vision-lab/y\",\"type\":\"model\"}");

            assertThat(cli.runAt(url, "", "repo", "move", "datasets/bob/x", "datasets/bob/z")).isEqualTo(1);
            assertThat(cli.err()).contains(url + " cannot move repositories (it has no POST /api/repos/move)");
            assertThat(cli.runAt(url, "", "repo", "move", "bob/x", "datasets/bob/z")).isEqualTo(1);
            assertThat(cli.err()).contains("a repository keeps its type: cannot move bob/x to datasets/bob/z");
        } finally {
            hub.stop(0);
        }
    }
}
