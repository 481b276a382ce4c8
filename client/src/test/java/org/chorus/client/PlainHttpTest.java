package org.chorus.client;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** The plain-HTTP client has no TLS ({@link NoTls}): a redirect to https:// fails with words, not a stack trace. */
class PlainHttpTest {
    @Test
    void aRedirectToHttpsNamesTheFix() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.getResponseHeaders().add("Location", "https://127.0.0.1:" + server.getAddress().getPort() + "/api/whoami-v2");
            exchange.sendResponseHeaders(301, -1);
            exchange.close();
        });
        server.start();
        try {
            ChorusClient client = ChorusClient.connect("http://127.0.0.1:" + server.getAddress().getPort(), "hf_x");
            assertThatThrownBy(client::whoAmI).isInstanceOf(ChorusClientException.class)
                    .hasMessageContaining("redirected to https:// (use its https:// address)");
        } finally {
            server.stop(0);
        }
    }
}
