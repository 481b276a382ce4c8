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
 * The official {@code @huggingface/hub} client (pinned in src/test/js/package-lock.json, installed by
 * {@code npm ci} when missing) round-trips small files and a 50 MB LFS file through a real server.
 */
class HfJsClientRoundTripTest {

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
    void officialClientRoundTripsEveryByte() {
        String token = HubFixtures.user(server, "alice", "write");

        HubFixtures.Result r = HubFixtures.run(HubFixtures.JS, Map.of("HUB_URL", server.url(), "HF_TOKEN", token, "HF_USER", "alice"),
                300, "/usr/bin/node", "hf-roundtrip.mjs");

        assertThat(r.output()).contains("ROUNDTRIP OK");
        assertThat(r.exitCode()).as(r.output()).isZero();
    }
}
