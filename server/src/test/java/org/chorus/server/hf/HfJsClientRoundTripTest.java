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
 * {@code npm ci} when missing) against a real server: once over LFS (small files and a 50 MB file), once over Xet
 * (a 50 MB file and ranges back, then a slightly changed version that sends only the changed chunks;
 * hf-xet-roundtrip.mjs prints the ratio).
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

    private HubFixtures.Result runScript(String script) {
        String token = HubFixtures.user(server, "alice", "write");
        HubFixtures.Result r = HubFixtures.run(HubFixtures.JS, Map.of("HUB_URL", server.url(), "HF_TOKEN", token, "HF_USER", "alice"),
                300, "/usr/bin/node", script);
        System.out.println(r.output());
        return r;
    }

    @Test
    void officialClientRoundTripsEveryByteOverLfs() {
        HubFixtures.Result r = runScript("hf-roundtrip.mjs");

        assertThat(r.output()).contains("ROUNDTRIP OK");
        assertThat(r.exitCode()).as(r.output()).isZero();
    }

    @Test
    void officialClientUploadsOnlyChangedChunksOverXet() {
        HubFixtures.Result r = runScript("hf-xet-roundtrip.mjs");

        assertThat(r.output()).contains("XET ROUNDTRIP OK");
        assertThat(r.exitCode()).as(r.output()).isZero();
    }
}
