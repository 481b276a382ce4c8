package org.chorus.server.hf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.chorus.server.ServerFixture;
import org.junit.jupiter.api.AfterEach;
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
        HubFixtures.officialJsClient();
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

        HubFixtures.Result r = HubFixtures.run(HubFixtures.JS,
                Map.of("HUB_URL", server.url(), "HF_TOKEN", token, "HF_USER", "alice"), 300, "/usr/bin/node", "hf-xet-roundtrip.mjs");

        System.out.println(r.output());
        assertThat(r.output()).contains("XET ROUNDTRIP OK");
        assertThat(r.exitCode()).as(r.output()).isZero();
    }
}
