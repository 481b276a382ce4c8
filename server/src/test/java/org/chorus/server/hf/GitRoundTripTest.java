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
 * {@code git} and {@code git-lfs} against a real server: clone, push with LFS files, API commits seen by git,
 * fresh clones smudging the same bytes, stale and dangling-pointer pushes refused. Installs Debian's
 * git-lfs when missing and running as root.
 */
class GitRoundTripTest {
    static final Path SCRIPT = Path.of("src/test/git/git-roundtrip.sh").toAbsolutePath();

    @TempDir
    Path dir;
    ServerFixture server;

    @BeforeEach
    void setUp() {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/git")), "needs git");
        if (HubFixtures.run(dir, Map.of(), 30, "git", "lfs", "version").exitCode() != 0) {
            HubFixtures.Result install = HubFixtures.run(dir, Map.of("DEBIAN_FRONTEND", "noninteractive"), 300,
                    "sh", "-c", "[ \"$(id -u)\" = 0 ] && (apt-get install -y -qq git-lfs || (apt-get update -qq && apt-get install -y -qq git-lfs))");
            Assumptions.assumeTrue(install.exitCode() == 0, "needs git-lfs (Debian package git-lfs): " + install.output());
        }
        server = ServerFixture.sqlite(dir.resolve("server"));
    }

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void gitAndGitLfsRoundTripTheBytesTheApiServes() {
        String token = HubFixtures.user(server, "alice", "write");

        HubFixtures.Result r = HubFixtures.run(dir, Map.of("HUB_URL", server.url(), "HF_TOKEN", token, "HF_USER", "alice"),
                300, "bash", SCRIPT.toString());

        assertThat(r.output()).as(r.output()).contains("GIT ROUNDTRIP OK");
        assertThat(r.exitCode()).as(r.output()).isZero();
    }
}
