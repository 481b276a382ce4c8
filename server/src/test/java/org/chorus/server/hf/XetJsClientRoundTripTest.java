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
 * The official {@code @huggingface/hub} client uploads a 50 MB file over Xet, downloads it (and ranges) back over Xet,
 * then uploads a slightly changed version that sends only the changed chunks (hf-xet-roundtrip.mjs prints the ratio).
 */
class XetJsClientRoundTripTest {
    @TempDir
    Path dir;
    ServerFixture server;

    @BeforeEach
    void setUp() {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/node")), "needs node at /usr/bin/node");
        Path js = HfJsClientRoundTripTest.JS;
        if (!Files.isDirectory(js.resolve("node_modules/@huggingface/hub"))) {
            HubFixtures.Result ci = HubFixtures.run(js, Map.of(), 300, "npm", "ci", "--no-audit", "--no-fund");
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
    void officialClientUploadsOnlyChangedChunksOverXet() {
        String token = HubFixtures.user(server, "alice", "write");

        HubFixtures.Result r = HubFixtures.run(HfJsClientRoundTripTest.JS,
                Map.of("HUB_URL", server.url(), "HF_TOKEN", token, "HF_USER", "alice"), 300, "/usr/bin/node", "hf-xet-roundtrip.mjs");

        System.out.println(r.output());
        assertThat(r.output()).contains("XET ROUNDTRIP OK");
        assertThat(r.exitCode()).as(r.output()).isZero();
    }
}
