package org.chorus.server.hf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.chorus.server.ServerFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official {@code @huggingface/hub} client (pinned in src/test/js/package-lock.json, installed by
 * {@code npm ci} when missing) round-trips small files and a 50 MB LFS file through a real server.
 */
class HfJsClientRoundTripTest {
    static final Path JS = Path.of("src/test/js").toAbsolutePath();

    @TempDir
    Path dir;
    ServerFixture server;

    @BeforeEach
    void setUp() {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/node")), "needs node at /usr/bin/node");
        if (!Files.isDirectory(JS.resolve("node_modules/@huggingface/hub"))) {
            HubFixtures.Result ci = HubFixtures.run(JS, Map.of(), 300, "npm", "ci", "--no-audit", "--no-fund");
            assertThat(ci.exitCode()).as(ci.output()).isZero();
        }
        server = ServerFixture.sqlite(dir);
    }

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void officialClientRoundTripsEveryByte() {
        String token = HubFixtures.user(server, "alice", "write");

        HubFixtures.Result r = HubFixtures.run(JS, Map.of("HUB_URL", server.url(), "HF_TOKEN", token, "HF_USER", "alice"),
                300, "/usr/bin/node", "hf-roundtrip.mjs");

        assertThat(r.output()).contains("ROUNDTRIP OK");
        assertThat(r.exitCode()).as(r.output()).isZero();
    }
}
