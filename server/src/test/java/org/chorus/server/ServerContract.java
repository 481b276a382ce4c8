package org.chorus.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A contract run against one real server per test: each database's subclass says how the server starts, the
 * contract's own {@code @BeforeEach} (run after this one) seeds what its tests need.
 */
public abstract class ServerContract {
    protected static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    protected Path dir;
    protected ServerFixture server;

    protected abstract ServerFixture start(Path dataDir);

    /** Where the server keeps its data; contracts that also put git clones in {@link #dir} give it a folder of its own. */
    protected Path dataDir() {
        return dir;
    }

    @BeforeEach
    final void startServer() {
        server = start(dataDir());
    }

    @AfterEach
    final void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    public static JsonNode json(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + r.body(), e);
        }
    }

    /** The answer has this status and a JSON {@code error} containing {@code messagePart}. */
    public static void assertError(HttpResponse<String> r, int status, String messagePart) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(json(r).path("error").asText()).as(r.body()).contains(messagePart);
    }
}
